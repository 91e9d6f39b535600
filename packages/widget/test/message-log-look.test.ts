import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { all, button, one, screenshot, until, view } from './helpers.ts';
import { column, filter, openMessage, openMessages, rows, seeded } from './message-log.ts';

describe('the message log at 375 px and wide', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`the log, a message and an attempt hold at 375 px and wide (${theme}), and are saved as screenshots`, async () => {
      const { el } = await seeded({ theme });
      try {
        for (const width of [375, 900]) {
          const name = width === 375 ? '375' : 'wide';
          await setViewport({ width, height: 900 });
          await openMessages(el, 3);
          await until(() => column(el, 4).every((d) => d !== '…'));
          expect(document.documentElement.scrollWidth, `messages at ${width} px`).to.be.at.most(window.innerWidth);
          await screenshot(`${name}-${theme}-messages`);
          // A custom range that matches nothing: from–to shown, and the way back.
          await filter(el, { 'f-range': 'custom', 'f-from': '2020-01-01T00:00', 'f-to': '2020-01-02T00:00' }, 0);
          expect(document.documentElement.scrollWidth, `no match at ${width} px`).to.be.at.most(window.innerWidth);
          await screenshot(`${name}-${theme}-messages-no-match`);
          button(el, 'Clear filters')?.click();
          await until(() => rows(el).length === 3);
          await openMessage(el, 'invoice.paid');
          await until(() => all(el, '[part~="attempts"] tbody tr').length > 0);
          expect(document.documentElement.scrollWidth, `message at ${width} px`).to.be.at.most(window.innerWidth);
          await screenshot(`${name}-${theme}-message`);
          one<HTMLButtonElement>(el, '[part~="attempts"] tbody tr button')?.click();
          await view(el, 'Attempt 1 of');
          await until(() => one(el, '[part~="response"]'));
          expect(document.documentElement.scrollWidth, `attempt at ${width} px`).to.be.at.most(window.innerWidth);
          await screenshot(`${name}-${theme}-attempt`);
        }
      } finally {
        await setViewport({ width: 900, height: 900 });
      }
    });
  }
});
