/**
 * The inventory's interactive controls, loaded after its first render (`LazyControls`, later.ts):
 * one small chunk outside the page's first JavaScript.
 */
export { renderFilterFields } from './filters.js';
export { renderPagination } from './pagination.js';
