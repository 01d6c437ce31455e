import { cac } from 'cac'
import { describe, expect, it } from 'vitest'
import { joinNegativeValues, valueFlagsOf } from '../../src/cli/argv.js'

const VALUE_FLAGS = new Set(['--older-than', '--manifest'])

describe('cli joinNegativeValues', () => {
  it('joins a negative number to a value flag', () => {
    expect(joinNegativeValues(['prune', '--older-than', '-1'], VALUE_FLAGS)).toEqual(['prune', '--older-than=-1'])
  })

  it('joins a negative decimal', () => {
    expect(joinNegativeValues(['prune', '--older-than', '-0.5'], VALUE_FLAGS)).toEqual(['prune', '--older-than=-0.5'])
  })

  it('leaves a boolean flag alone', () => {
    expect(joinNegativeValues(['status', '--json', '-1'], VALUE_FLAGS)).toEqual(['status', '--json', '-1'])
  })

  it('leaves a short flag after a value flag', () => {
    expect(joinNegativeValues(['sync', '--manifest', '-h'], VALUE_FLAGS)).toEqual(['sync', '--manifest', '-h'])
  })

  it('stops at --', () => {
    expect(joinNegativeValues(['prune', '--', '--older-than', '-1'], VALUE_FLAGS)).toEqual(['prune', '--', '--older-than', '-1'])
  })
})

describe('cli valueFlagsOf', () => {
  it('lists value flags of every command', () => {
    const cli = cac('test')
    cli.option('--config <file>', 'global')
    cli.command('prune').option('--older-than <days>', 'age').option('--yes', 'delete')
    cli.command('status').option('--json', 'json').option('-p, --id-prefix [prefix]', 'prefix')

    expect([...valueFlagsOf(cli)].sort()).toEqual(['--config', '--id-prefix', '--older-than'])
  })
})
