/**
 * The stage graph webview's page: a strict Content-Security-Policy (nothing by default; the one
 * script and the one style element by nonce; no remote resources), the theme's CSS variables, and
 * the script from the extension's dist/ folder. Pure, so a unit test reads the policy.
 */

export interface PageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** `webview.asWebviewUri(dist/graph.js)`. */
  scriptUri: string;
  /** The document's file name, for the page title. */
  title: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function graphPage({ cspSource, nonce, scriptUri, title }: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(title)}</title>
<style nonce="${escapeAttribute(nonce)}">${STYLE}</style>
</head>
<body>
<main id="app"></main>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}

/** Only VS Code's theme variables: light, dark and high-contrast themes all work. */
const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px 12px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; padding: 10px 0 4px; }
select { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; font: inherit; }
.builders { display: flex; gap: 14px; }
.builder { cursor: pointer; }
input[type=radio] { accent-color: var(--vscode-focusBorder); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.summary { margin: 6px 0; }
.trust { margin: 6px 0; color: var(--vscode-editorWarning-foreground); }
.trust[hidden] { display: none; }
.canvas { overflow: auto; }
.legend { display: flex; gap: 14px; color: var(--vscode-descriptionForeground); }
.key::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 4px; border: 1px solid var(--vscode-foreground); vertical-align: middle; }
.key.built::before { background: var(--vscode-button-background); border-color: var(--vscode-button-background); }
.key.skipped::before { border-style: dashed; opacity: .6; }
.key.after-target::before { border-style: dotted; opacity: .6; }
.key.default::before { display: none; }

svg text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: 12px; }
.edge .line { fill: none; stroke: var(--vscode-disabledForeground, #888); stroke-width: 1.2; stroke-dasharray: 4 3; }
.edge .arrow { fill: var(--vscode-disabledForeground, #888); }
.edge.active .line { stroke: var(--vscode-foreground); stroke-dasharray: none; }
.edge.active .arrow { fill: var(--vscode-foreground); }
.edge.critical .line { stroke: var(--vscode-charts-orange, var(--vscode-foreground)); stroke-width: 2.2; }
.edge.critical .arrow { fill: var(--vscode-charts-orange, var(--vscode-foreground)); }
.edge-label { font-size: 11px; fill: var(--vscode-descriptionForeground); paint-order: stroke; stroke: var(--vscode-editor-background); stroke-width: 4px; stroke-linejoin: round; }
.edge-label.active { fill: var(--vscode-foreground); }

.node .box { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-foreground)); stroke-width: 1; }
.node.stage { cursor: pointer; }
.node.stage.built .box { fill: var(--vscode-button-background); stroke: var(--vscode-button-background); }
.node.stage.built > text { fill: var(--vscode-button-foreground); }
.node.stage.skipped, .node.stage.after-target { opacity: .55; }
.node.stage.skipped .box { stroke-dasharray: 5 3; }
.node.stage.after-target .box { stroke-dasharray: 1 3; }
.node.stage.skipped .state { font-weight: bold; }
.node.target .box { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.node .name { font-weight: bold; }
.node .detail, .node .marker { font-size: 11px; }
.node.image .box { stroke-dasharray: 2 2; }
.node.image.unused { opacity: .55; }
.node:focus { outline: none; }
.node:focus-visible > .box, .node:focus > .box { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.build { cursor: pointer; }
.build rect { fill: var(--vscode-button-secondaryBackground, var(--vscode-editor-background)); stroke: var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); }
.build text { fill: var(--vscode-button-secondaryForeground, var(--vscode-foreground)); font-size: 11px; }
.build:hover rect { fill: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-secondaryBackground)); }
.build.disabled { cursor: not-allowed; opacity: .5; }
.build:focus { outline: none; }
.build:focus rect { stroke: var(--vscode-focusBorder); stroke-width: 2; }

body.vscode-high-contrast .node .box, body.vscode-high-contrast-light .node .box { stroke: var(--vscode-contrastBorder); stroke-width: 2; }
body.vscode-high-contrast .node.stage.built .box, body.vscode-high-contrast-light .node.stage.built .box { stroke: var(--vscode-contrastActiveBorder, var(--vscode-contrastBorder)); stroke-width: 3; }
body.vscode-high-contrast .node.stage.skipped, body.vscode-high-contrast-light .node.stage.skipped { opacity: 1; }
body.vscode-high-contrast .edge .line, body.vscode-high-contrast-light .edge .line { stroke: var(--vscode-contrastBorder); }
`;
