// Marks the navigation link of the current page, for screen readers and the CSS.
document.querySelectorAll<HTMLAnchorElement>('.site-header nav a').forEach((link) => {
  if (new URL(link.href).pathname === location.pathname) link.setAttribute('aria-current', 'page')
})
