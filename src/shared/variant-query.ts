/** Query parameter that picks a variant per import: `import thumb from './a.jpg?cf-variant=thumbnail'`. */
export const VARIANT_QUERY = 'cf-variant'
