// Acme's page script: the widget's session, the "make something happen" buttons, and the live
// list of what the service fakes received.
const picker = document.querySelector('connector-picker');

// Acme's backend makes the portal session for the signed-in user; the widget asks again when it expires.
picker.tokenProvider = async () => {
  const res = await fetch('/session/patchbay', { method: 'POST' });
  if (!res.ok) throw new Error(`Acme could not start a session (${res.status})`);
  return (await res.json()).token;
};

const emit = document.getElementById('emit');
const inbox = document.getElementById('inbox');

if (emit) {
  const { data } = await (await fetch('/demo/events')).json();
  for (const { name, description } of data) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Emit ${name}`;
    button.title = description;
    button.addEventListener('click', async () => {
      button.disabled = true;
      const res = await fetch(`/demo/emit/${encodeURIComponent(name)}`, { method: 'POST' });
      button.disabled = false;
      button.dataset.sent = String(Number(button.dataset.sent ?? 0) + (res.ok ? 1 : 0));
    });
    emit.append(button);
  }
}

const credentials = document.getElementById('credentials');
if (credentials) {
  const { data } = await (await fetch('/demo/fake-credentials')).json();
  for (const { name, fields, note } of data) {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    for (const { label, value, shown } of fields) {
      const line = document.createElement('div');
      const code = document.createElement('code');
      code.textContent = shown ?? value;
      line.append(`${label}: `, code);
      dd.append(line);
    }
    if (note) dd.append(Object.assign(document.createElement('div'), { className: 'note', textContent: note }));
    credentials.append(dt, dd);
  }
}

const item = ({ service, kind, title, detail, at }) => {
  const li = document.createElement('li');
  li.dataset.service = service;
  li.dataset.kind = kind;
  const head = document.createElement('p');
  head.className = 'head';
  const time = document.createElement('time');
  time.dateTime = at;
  time.textContent = new Date(at).toLocaleTimeString();
  head.append(`${service} · ${kind} `, time);
  const strong = document.createElement('strong');
  strong.textContent = title;
  const body = document.createElement('p');
  body.textContent = detail;
  li.append(head, strong, body);
  return li;
};

let shown = '';
async function refreshInbox() {
  const { data } = await (await fetch('/demo/inbox')).json();
  const key = data.map((d) => d.at).join();
  if (key === shown) return;
  shown = key;
  inbox.replaceChildren(
    ...(data.length
      ? data.map(item)
      : [Object.assign(document.createElement('li'), { className: 'empty', textContent: 'Nothing yet.' })]),
  );
}

if (inbox) {
  await refreshInbox();
  setInterval(() => void refreshInbox().catch(() => undefined), 1000);
}
