/** Id of the inert JSON block that carries a webview's startup data (strings, settings). */
export const BOOTSTRAP_ELEMENT_ID = 'tunelab-bootstrap';
