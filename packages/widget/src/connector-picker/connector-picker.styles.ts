import { css } from 'lit';

// Component rules sit in a cascade layer, so a host page's own rules win without !important.
// Public --cp-* properties feed private --_* ones, set once for light and once for dark.
// The dark defaults, for theme="dark" and for theme="auto" when the system is dark.
const dark = css`
  --_accent: var(--cp-color-accent, #91a7ff);
  --_on-accent: var(--cp-color-on-accent, #10131a);
  --_bg: var(--cp-color-background, #141923);
  --_surface: var(--cp-color-surface, #1e2532);
  --_fg: var(--cp-color-text, #e8ecf3);
  --_muted: var(--cp-color-muted, #aab4c5);
  --_border: var(--cp-color-border, #4a5566);
  --_danger: var(--cp-color-danger, #ffa39e);
  --_ok: var(--cp-color-success, #7ee2a0);
  color-scheme: dark;
`;

export const styles = css`
  @layer connector-picker {
    :host {
      --_accent: var(--cp-color-accent, #3b5bdb);
      --_on-accent: var(--cp-color-on-accent, #fff);
      --_bg: var(--cp-color-background, #fff);
      --_surface: var(--cp-color-surface, #f6f7f9);
      --_fg: var(--cp-color-text, #1d2433);
      --_muted: var(--cp-color-muted, #4f5b6d);
      --_border: var(--cp-color-border, #c9cfd8);
      --_danger: var(--cp-color-danger, #b42318);
      --_ok: var(--cp-color-success, #1b7f3b);
      --_radius: var(--cp-radius, 8px);
      --_gap: var(--cp-space, 12px);
      display: block;
      box-sizing: border-box;
      font: 15px/1.5 var(--cp-font-family, system-ui, sans-serif);
      color: var(--_fg);
      background: var(--_bg);
      color-scheme: light;
    }
    :host([theme='dark']) {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        ${dark}
      }
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    [hidden] {
      display: none !important;
    }
    nav {
      display: flex;
      gap: 4px;
      border-bottom: 1px solid var(--_border);
      margin-bottom: var(--_gap);
    }
    nav button {
      border: 0;
      border-bottom: 3px solid transparent;
      border-radius: 0;
      background: none;
      padding: 8px 12px;
    }
    nav button[aria-current='page'] {
      border-bottom-color: var(--_accent);
      font-weight: 600;
    }
    h2,
    h3,
    h4 {
      margin: 0 0 var(--_gap);
      line-height: 1.25;
    }
    h2 {
      font-size: 1.2rem;
    }
    h3 {
      font-size: 1.05rem;
      margin-top: calc(var(--_gap) * 1.5);
    }
    h2:focus {
      outline: none;
    }
    p {
      margin: 0 0 var(--_gap);
    }
    button,
    input,
    select,
    textarea {
      font: inherit;
      color: inherit;
    }
    button {
      cursor: pointer;
      padding: 6px 12px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    button:disabled {
      cursor: default;
      opacity: 0.6;
    }
    .primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .danger {
      color: var(--_danger);
    }
    .link {
      border: 0;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
    }
    a {
      color: var(--_accent);
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    input,
    select,
    textarea {
      width: 100%;
      padding: 6px 8px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
    }
    input[type='checkbox'] {
      width: auto;
      accent-color: var(--_accent);
    }
    [aria-invalid='true'] {
      border-color: var(--_danger);
    }
    ul[role='list'] {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
      gap: var(--_gap);
    }
    .card {
      width: 100%;
      height: 100%;
      display: grid;
      grid-template-columns: 32px 1fr;
      column-gap: 10px;
      align-items: center;
      text-align: start;
      padding: var(--_gap);
    }
    .card .muted {
      grid-column: 2;
      font-size: 0.85rem;
    }
    .card:hover:not(:disabled) {
      border-color: var(--_accent);
    }
    .logo {
      border-radius: 6px;
    }
    .name {
      font-weight: 600;
    }
    .muted {
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
    }
    .search {
      margin-bottom: var(--_gap);
    }
    .title,
    .row,
    .actions {
      display: flex;
      gap: 10px;
      align-items: center;
      flex-wrap: wrap;
    }
    .title h2 {
      margin: 0;
    }
    .title {
      margin-bottom: var(--_gap);
    }
    .actions {
      justify-content: space-between;
      margin-top: var(--_gap);
    }
    .row {
      margin: 8px 0;
    }
    .row label {
      white-space: nowrap;
    }
    .row select,
    .row input {
      width: auto;
    }
    .steps {
      display: flex;
      gap: 6px;
      padding: 0;
      margin: 0 0 var(--_gap);
      list-style: none;
      counter-reset: step;
      font-size: 0.85rem;
      color: var(--_muted);
    }
    .steps li {
      counter-increment: step;
    }
    .steps li::before {
      content: counter(step) '. ';
    }
    .steps li:not(:last-child)::after {
      content: ' ›';
    }
    .steps [aria-current='step'] {
      color: var(--_fg);
      font-weight: 600;
    }
    .instructions {
      background: var(--_surface);
      border-radius: var(--_radius);
      padding: var(--_gap) calc(var(--_gap) * 2);
      margin: 0 0 var(--_gap);
    }
    .field {
      display: grid;
      gap: 4px;
      margin-bottom: var(--_gap);
    }
    .field label {
      font-weight: 600;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0 0 var(--_gap);
    }
    legend {
      font-weight: 600;
      padding: 0 4px;
    }
    .event {
      display: grid;
      gap: 2px;
      margin: 6px 0;
    }
    .panel {
      background: var(--_surface);
      border-radius: var(--_radius);
      padding: var(--_gap);
      margin-top: var(--_gap);
      display: grid;
      gap: 8px;
    }
    .panel h3 {
      margin-top: 0;
    }
    .mono,
    pre,
    code {
      font-family: var(--cp-font-mono, ui-monospace, monospace);
      font-size: 0.85rem;
    }
    pre {
      margin: 0;
      padding: 8px;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: auto;
      max-height: 18rem;
      white-space: pre-wrap;
    }
    .diff .add {
      color: var(--_ok);
    }
    .diff .del {
      color: var(--_danger);
    }
    .summary dt {
      font-weight: 600;
    }
    .summary dd {
      margin: 0 0 8px;
    }
    .hint {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px var(--_gap);
      margin: 0 0 var(--_gap);
    }
    .hint dt {
      color: var(--_muted);
    }
    .hint dd {
      margin: 0;
    }
    .endpoint {
      display: flex;
      gap: var(--_gap);
      align-items: center;
      flex-wrap: wrap;
      padding: var(--_gap) 0;
      border-bottom: 1px solid var(--_border);
    }
    .grow {
      flex: 1;
      display: grid;
      gap: 2px;
      min-width: 12rem;
    }
    .grow .name {
      justify-self: start;
    }
    .badge {
      justify-self: start;
      font-size: 0.8rem;
      padding: 1px 8px;
      border-radius: 999px;
      border: 1px solid currentColor;
    }
    .badge.ok {
      color: var(--_ok);
    }
    .badge.off {
      color: var(--_muted);
    }
    .badge.bad {
      color: var(--_danger);
    }
    .log {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.85rem;
    }
    .log th,
    .log td {
      text-align: start;
      padding: 6px;
      border-bottom: 1px solid var(--_border);
      vertical-align: top;
    }
    .snippet {
      word-break: break-all;
    }
    dialog {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_fg);
      padding: calc(var(--_gap) * 1.5);
      max-width: 26rem;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    @media (forced-colors: active) {
      button,
      .badge,
      input,
      select,
      textarea {
        border-color: ButtonText;
      }
      .primary {
        background: ButtonText;
        color: ButtonFace;
      }
      :focus-visible {
        outline-color: Highlight;
      }
      nav button[aria-current='page'] {
        border-bottom-color: Highlight;
      }
    }
  }
`;
