// The message log's views (the application's messages, one message, one attempt), which the
// picker imports the first time one is opened: a chunk of their own in both builds, with their
// strings and styles.
import type { Attempt } from '../api/types.ts';
import { type AttemptBack, AttemptView } from './log/attempt.ts';
import { MessageView } from './log/message.ts';
import { MessagesView } from './log/messages.ts';
import { type LogHost, logStyles } from './log/shared.ts';

export { loadTexts } from './log/shared.ts';

export class Log {
  readonly #host: LogHost;
  readonly messages: MessagesView;
  readonly message: MessageView;
  readonly attempt: AttemptView;

  constructor(host: LogHost) {
    this.#host = host;
    host.adopt(logStyles);
    this.messages = new MessagesView(host, (id) => void this.openMessage(id));
    this.message = new MessageView(host, {
      back: () => void this.openMessages(),
      openAttempt: (a: Attempt) => void this.openAttempt(a.msgId, a.id),
    });
    this.attempt = new AttemptView(host, (msg) => void this.openMessage(msg));
  }

  /** The newest messages, with the filters kept (the picker enters the list on each opening). */
  openMessages() {
    return this.#host.go('messages');
  }

  openMessage(id: string) {
    this.message.enter(id);
    return this.#host.go('message');
  }

  /** An attempt of message `msg`; from a connection's delivery log, `back` leads there again. */
  openAttempt(msg: string, id: string, back?: () => void) {
    const to: AttemptBack | undefined = back && { label: 'backToConnection', go: back };
    this.attempt.enter(msg, id, to);
    return this.#host.go('attempt');
  }
}
