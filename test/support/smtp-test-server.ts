import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  port: number;
  url: string;
  /** Every mail the server accepted, parsed by an independent MIME parser, with its raw source. */
  mails: { parsed: ParsedMail; raw: string }[];
  /** While true, the server refuses every message after reading it (a 451 after DATA). */
  refuse: boolean;
  /** While true, the server reads each message and never answers: the sender is stuck mid-send. */
  stall: boolean;
  /** Messages read while stalled (never accepted). */
  stalled: number;
  /** Cuts every open connection at once, as if the server had been killed. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** A real SMTP server in the test process (the smtp-server package): no mock transport. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const sockets = new Set<Socket>();
  const state: TestSmtpServer = {
    port: 0,
    url: '',
    mails: [],
    refuse: false,
    stall: false,
    stalled: 0,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => Promise.resolve(),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.stall) {
          state.stalled++;
          return;
        }
        if (state.refuse) {
          const error = Object.assign(new Error('try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            state.mails.push({ parsed, raw });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => {
    state.dropConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
