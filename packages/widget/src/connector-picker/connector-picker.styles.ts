import { css } from 'lit';

// Component rules sit in a cascade layer so a host page's own rules win without !important.
export const styles = css`
  @layer connector-picker {
    :host {
      --_bg: var(--cp-color-background, #ffffff);
      --_fg: var(--cp-color-text, #1d2433);
      --_muted: var(--cp-color-muted, #4f5b6d);
      --_border: var(--cp-color-border, #d5dae2);
      --_accent: var(--cp-color-accent, #3b5bdb);
      --_danger: var(--cp-color-danger, #b42318);
      --_radius: var(--cp-radius, 8px);
      --_gap: var(--cp-space, 12px);
      display: block;
      box-sizing: border-box;
      font-family: var(--cp-font-family, system-ui, sans-serif);
      color: var(--_fg);
      background: var(--_bg);
    }
    :host([theme='dark']) {
      --_bg: var(--cp-color-background, #141923);
      --_fg: var(--cp-color-text, #e8ecf3);
      --_muted: var(--cp-color-muted, #a9b3c4);
      --_border: var(--cp-color-border, #39424f);
      --_accent: var(--cp-color-accent, #91a7ff);
      --_danger: var(--cp-color-danger, #ffa39e);
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    [hidden] {
      display: none !important;
    }
    h2 {
      margin: 0 0 var(--_gap);
      font-size: 1.125rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: var(--_gap);
    }
    button {
      font: inherit;
      color: inherit;
      cursor: pointer;
    }
    .connector {
      width: 100%;
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      padding: var(--_gap);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: transparent;
      text-align: start;
    }
    .connector:hover {
      border-color: var(--_accent);
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .connect-via {
      font-size: 0.8125rem;
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
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
      .connector {
        border-color: ButtonText;
      }
      :focus-visible {
        outline-color: Highlight;
      }
    }
  }
`;
