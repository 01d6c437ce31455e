export { scanCssUrls, type CssUrl } from './scan.js'
export { escapeCssUrl } from './escape.js'
