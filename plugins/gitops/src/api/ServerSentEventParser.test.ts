import { ServerSentEventParser } from './ServerSentEventParser';

describe('ServerSentEventParser', () => {
  it('dispatches named events with multi-line data', () => {
    const parser = new ServerSentEventParser();
    expect(
      parser.feed('event: status\ndata: {"a":\ndata: 1}\nid: 7\n\n'),
    ).toEqual([{ event: 'status', data: '{"a":\n1}', id: '7' }]);
  });

  it('handles chunks split anywhere, CRLF and CR line ends', () => {
    const parser = new ServerSentEventParser();
    const text =
      'event: status\r\ndata: one\r\n\r\ndata:two\r\rdata: three\n\n';
    const events = text.split('').flatMap(c => parser.feed(c));
    expect(events).toEqual([
      { event: 'status', data: 'one' },
      { event: 'message', data: 'two' },
      { event: 'message', data: 'three' },
    ]);
  });

  it('ignores comments, unknown fields and events without data', () => {
    const parser = new ServerSentEventParser();
    expect(
      parser.feed(': keep-alive\n\nfoo: bar\nevent: status\n\nretry: 1500\n'),
    ).toEqual([]);
    expect(parser.retry).toBe(1500);
  });

  it('waits for the blank line before dispatching', () => {
    const parser = new ServerSentEventParser();
    expect(parser.feed('data: partial\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'message', data: 'partial' }]);
  });
});
