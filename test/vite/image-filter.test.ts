import { describe, expect, it } from 'vitest'
import { createImageFilter } from '../../src/vite/image-urls.js'
import { resolveOptions } from '../../src/vite/options.js'

describe('createImageFilter', () => {
  const cases: Array<[string, Parameters<typeof resolveOptions>[0], string, boolean]> = [
    ['PNG by default', {}, '/site/src/a.png', true],
    ['uppercase JPG', {}, '/site/public/A.JPG', true],
    ['SVG', {}, '/site/src/icons.svg', true],
    ['ICO', {}, '/site/public/favicon.ico', false],
    ['AVIF', {}, '/site/src/a.avif', false],
    ['AVIF with allowAvif', { limits: { allowAvif: true } }, '/site/src/a.avif', true],
    ['BMP', {}, '/site/src/a.bmp', false],
    ['font', {}, '/site/src/a.woff2', false],
    ['include glob match', { include: '**/photos/**' }, '/site/src/photos/a.jpg', true],
    ['include glob miss', { include: '**/photos/**' }, '/site/src/icons/a.png', false],
    ['exclude RegExp', { exclude: /\/icons\// }, '/site/src/icons/a.png', false],
    ['exclude wins over include', { include: '**/*.png', exclude: '**/skip-*.png' }, '/site/src/skip-me.png', false],
    ['relative exclude glob', { exclude: 'src/img/excluded/**' }, '/site/src/img/excluded/a.png', false],
    ['dot-relative exclude glob', { exclude: './src/img/excluded/**' }, '/site/src/img/excluded/a.png', false],
    ['relative exclude elsewhere', { exclude: 'src/img/excluded/**' }, '/site/src/img/kept/a.png', true],
    ['relative include glob', { include: 'src/photos/*.jpg' }, '/site/src/photos/a.jpg', true],
    ['relative include outside root', { include: 'src/photos/*.jpg' }, '/other/src/photos/a.jpg', false],
    ['absolute glob as given', { exclude: '/site/src/skip/**' }, '/site/src/skip/a.png', false],
  ]
  for (const [name, options, file, expected] of cases) {
    it(name, () => {
      expect(createImageFilter(resolveOptions(options, {}), '/site')(file)).toBe(expected)
    })
  }
})
