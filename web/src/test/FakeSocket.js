/** A stand-in for a socket.io-client Socket: records emits, answers acks, and lets a test push server events. */
export class FakeSocket {
  constructor() {
    this.connected = true;
    this.handlers = new Map();
    this.emitted = [];
    this.ackAnswers = new Map();
  }
  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(fn);
    return this;
  }
  off(event, fn) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  /** `answer` is a value or a function of the payload (either may be a promise); it is what the server acks with. */
  answer(event, answer) {
    this.ackAnswers.set(event, answer);
  }
  emit(event, payload, ack) {
    this.emitted.push({ event, payload });
    if (ack && this.ackAnswers.has(event)) {
      const answer = this.ackAnswers.get(event);
      const value = typeof answer === 'function' ? answer(payload) : answer;
      Promise.resolve(value).then((resolved) => ack(resolved));
    }
    return this;
  }
  serverEmit(event, payload) {
    for (const fn of [...(this.handlers.get(event) || [])]) fn(payload);
  }
  listenerCount(event) {
    return this.handlers.get(event)?.size || 0;
  }
}
