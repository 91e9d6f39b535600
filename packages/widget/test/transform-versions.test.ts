import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { ConnectorPicker } from '../src/connector-picker/connector-picker.ts';
import { en as transformEn } from '../src/views/transform-texts-en.ts';
import {
  all,
  bff,
  button,
  customConnection,
  hooks,
  one,
  picker,
  press,
  type Session,
  screenshot,
  send,
  text,
  typeCode,
  until,
  view,
} from './helpers.ts';
import { expectTranslated } from './translations.ts';

/** Reads a field some payloads lack: breaks (at line 2) on a message without `customer_name`. */
const SHOUT =
  'function handler(webhook) {\n  webhook.payload = { who: webhook.payload.customer_name.toUpperCase() };\n  return webhook;\n}\n';
const version = (n: number) =>
  `function handler(webhook) {\n  webhook.payload = { version: ${n} };\n  return webhook;\n}\n`;

/** The vendor sends a message, and it is delivered to the session's Custom connection. */
async function delivered(s: Session, payload: object): Promise<string> {
  const { id } = (await send(s.app, 'invoice.created', payload)) as { id: string };
  const path = new URL(s.hookUrl).pathname;
  await until(async () => (await hooks(path)).some((h) => h.messageId === id), 'the message is delivered');
  return id;
}

/** Opens the session's one connection to edit, on the transformation step, with the editor loaded. */
async function editTransformation(el: ConnectorPicker): Promise<void> {
  button(el, 'Edit')?.click();
  await view(el, 'Events');
  await press(el, 'Next');
  await view(el, 'Transformation');
  await until(() => one(el, 'cp-code-editor'), 'the editor loads');
}

async function saveCode(el: ConnectorPicker, code: string): Promise<void> {
  await editTransformation(el);
  await typeCode(el, code);
  await press(el, 'Next');
  await view(el, 'Review');
  await press(el, 'Save');
  await view(el, 'Your connections');
}

const rowOf = (el: ConnectorPicker, msgId: string) => all(el, '.dry-run-row').find((r) => text(r).includes(msgId));

describe('transformation dry runs and versions', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('dry-runs new code on delivered messages: one breaks where the saved code passed, one passes; Save warns', async () => {
    const { el, session: s } = await picker();
    await customConnection(el, s);
    const passing = await delivered(s, { amount: 5, customer_name: 'Ada' });
    const breaking = await delivered(s, { amount: 7 });

    await editTransformation(el);
    await typeCode(el, SHOUT);
    await press(el, 'Run on recent events');
    await until(() => rowOf(el, passing) && rowOf(el, breaking), 'both messages are in the dry run');
    expect(text(rowOf(el, breaking)))
      .to.contain('Your code: error at line 2')
      .and.contain('Saved code: ok');
    expect(text(rowOf(el, passing)))
      .to.contain('Your code: ok')
      .and.contain('Saved code: ok');
    // What the new code would send instead, line by line.
    rowOf(el, passing)?.querySelector('summary')?.click();
    await until(() => rowOf(el, passing)?.querySelector('.diff'), 'the diff opens');
    const diff = text(rowOf(el, passing)?.querySelector('.diff'));
    expect(diff).to.contain('+ "who": "ADA"').and.contain('- "customer_name": "Ada"');
    rowOf(el, breaking)?.querySelector('summary')?.click();
    expect(text(rowOf(el, breaking))).to.contain(
      "TypeError: Cannot read properties of undefined (reading 'toUpperCase')",
    );
    await expect(el).to.be.accessible();
    await setViewport({ width: 375, height: 1400 });
    await screenshot('transform-dry-run-375-light');
    await setViewport({ width: 800, height: 600 });

    await press(el, 'Next');
    await view(el, 'Review');
    // The breaking message and the example of user.created (no customer_name): two the saved code delivered.
    expect(text(one(el, '[part~="warning"]'))).to.equal(
      'Your code fails on 2 recent events where the saved code succeeded. You can still save.',
    );
    await expect(el).to.be.accessible();
    await setViewport({ width: 375, height: 900 });
    await screenshot('transform-review-warning-375-light');
    await setViewport({ width: 800, height: 600 });
    await press(el, 'Save');
    await view(el, 'Your connections');
    const api = bff(s);
    const id = (await api.endpoints())[0]?.id ?? '';
    expect((await api.transformation(id)).code).to.equal(SHOUT, 'the customer may still save');
  });

  it('lists the versions, shows the diff between two, and restores an old one in one click after a confirmation', async () => {
    const { el, session: s } = await picker({ theme: 'dark' });
    await customConnection(el, s);
    await saveCode(el, version(1));
    await saveCode(el, version(2));

    await editTransformation(el);
    await until(() => all(el, '.version').length >= 2, 'the versions are listed');
    // The dry run of an edit, in the dark theme: the result is of the code as it was run.
    await typeCode(el, SHOUT);
    await press(el, 'Run on recent events');
    await until(() => all(el, '.dry-run-row').length > 0, 'the dry run answers');
    await typeCode(el, version(3));
    await until(() => text(one(el, '.dry-run')).includes('You changed the code since'), 'the result says it is stale');
    await typeCode(el, version(2));
    const rows = all(el, '.version');
    expect(text(rows[0])).to.contain('Current');
    expect(rows[0]?.querySelector('button'), 'the current one has nothing to restore').to.equal(null);
    // The test's portal sessions carry no session id: saved in the portal, not by the vendor.
    expect(text(rows[1])).to.contain('saved in the portal');
    await until(() => one(el, '.versions .diff'), 'the diff between the last two');
    expect(text(one(el, '.versions .diff'))).to.contain('- webhook.payload = { version: 1 };');
    expect(text(one(el, '.versions .diff'))).to.contain('+ webhook.payload = { version: 2 };');
    await expect(el).to.be.accessible();
    await setViewport({ width: 375, height: 1400 });
    await screenshot('transform-versions-375-dark');
    await setViewport({ width: 800, height: 600 });

    rows[1]?.querySelector('button')?.click();
    await until(() => one<HTMLDialogElement>(el, '#restore-dialog')?.open, 'the confirmation');
    expect(text(one(el, '#restore-dialog p'))).to.match(/^Restore the version of .+\? It is saved at once/);
    one(el, '#restore-dialog button[value="restore"]')?.click();
    await until(
      () => (one(el, 'cp-code-editor') as unknown as { value: string } | null)?.value === version(1),
      'the editor shows the restored code',
    );
    const api = bff(s);
    const id = (await api.endpoints())[0]?.id ?? '';
    expect((await api.transformation(id)).code).to.equal(version(1), 'restored is saved');
    await until(() => text(all(el, '.version')[0]).includes('Current') && all(el, '.version').length >= 3);
  });
});

describe('the texts of dry runs and versions', () => {
  it('say every English text in German and French, with the same placeholders and plural forms', async () => {
    expectTranslated('transform', {
      en: transformEn,
      de: (await import('../src/views/transform-texts-de.ts')).de,
      fr: (await import('../src/views/transform-texts-fr.ts')).fr,
    });
  });
});
