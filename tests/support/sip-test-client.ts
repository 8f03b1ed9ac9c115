import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** A SIP response as the test client read it. */
export interface SipResponse {
  status: number;
  reason: string;
  /** Header values by lower-case name, in the order received. */
  headers: Map<string, string[]>;
  raw: string;
}

/** Digest credentials to answer a challenge with. */
export interface DigestCredentials {
  username: string;
  password: string;
}

export interface SipRequestOptions {
  method: 'REGISTER' | 'INVITE' | 'OPTIONS';
  /** The user the request is from (From and, for REGISTER, To). */
  from: string;
  /** The Request-URI's user (INVITE: the number dialed); none for REGISTER and OPTIONS. */
  to?: string;
  /** Answer a 401/407 challenge with these; without them the challenge is the final answer. */
  auth?: DigestCredentials;
  /** REGISTER's Expires (0 removes the contact). Default 60. */
  expires?: number;
}

/** How the client's messages travel: SIP over WebSocket (RFC 7118) or over UDP. */
interface Wire {
  /** `WS` or `UDP`, for the Via header. */
  readonly via: string;
  /** The Via sent-by and Contact host:port. */
  readonly sentBy: string;
  send(message: string): void;
  onMessage(listener: (message: string) => void): void;
  close(): void;
}

const RESPONSE_LIMIT_MS = 5000;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const token = () => randomBytes(8).toString('hex');

/** `key="value"` and `key=value` pairs of a Digest challenge. */
function challengeParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of header.replace(/^\s*Digest\s+/i, '').matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/gi)) {
    params.set((m[1] as string).toLowerCase(), m[2] ?? m[3] ?? '');
  }
  return params;
}

function parseResponse(raw: string): SipResponse | undefined {
  const [head = ''] = raw.split('\r\n\r\n');
  const [first = '', ...lines] = head.split('\r\n');
  const status = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(first);
  if (!status) return undefined;
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: Number(status[1]), reason: status[2] ?? '', headers, raw };
}

/**
 * A bare SIP user agent client for probing what Asterisk lets in: it sends one request, answers a digest
 * challenge (MD5, qop=auth) when given credentials, ACKs a non-2xx final answer to an INVITE, and returns
 * the final response. No dialog, no media: it never completes a call.
 */
export class SipTestClient implements Disposable {
  private readonly wire: Wire;
  private readonly domain: string;
  private readonly pending = new Map<string, (response: SipResponse) => void>();

  private constructor(wire: Wire, domain: string) {
    this.wire = wire;
    this.domain = domain;
    wire.onMessage((message) => {
      const response = parseResponse(message);
      if (!response || response.status < 200) return;
      const key = `${response.headers.get('call-id')?.[0]} ${response.headers.get('cseq')?.[0]}`;
      this.pending.get(key)?.(response);
    });
  }

  /** Opens SIP over WebSocket to `url` (subprotocol `sip`), as a browser softphone does. */
  static websocket(url: string, domain = '127.0.0.1'): Promise<SipTestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'sip');
      const listeners: ((message: string) => void)[] = [];
      socket.addEventListener('message', (event) => {
        for (const listener of listeners) listener(String(event.data));
      });
      socket.addEventListener('error', () => reject(new Error(`no SIP WebSocket at ${url}`)), { once: true });
      socket.addEventListener('open', () => {
        if (socket.protocol !== 'sip') reject(new Error(`${url} did not accept the subprotocol sip`));
        const wire: Wire = {
          via: 'WS',
          sentBy: `${token()}.invalid`,
          send: (message) => socket.send(message),
          onMessage: (listener) => listeners.push(listener),
          close: () => socket.close(),
        };
        resolve(new SipTestClient(wire, domain));
      }, { once: true });
    });
  }

  /** Sends SIP over UDP from 127.0.0.1 to 127.0.0.1:`port`, as SIPp does. */
  static async udp(port: number): Promise<SipTestClient> {
    const socket: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const local = socket.address() as AddressInfo;
    const wire: Wire = {
      via: 'UDP',
      sentBy: `127.0.0.1:${local.port}`,
      send: (message) => socket.send(message, port, '127.0.0.1'),
      onMessage: (listener) => socket.on('message', (data) => listener(data.toString('utf8'))),
      close: () => socket.close(),
    };
    return new SipTestClient(wire, `127.0.0.1:${port}`);
  }

  /** Sends the request (once more with an Authorization if challenged and given credentials); resolves with the final response. */
  async request(options: SipRequestOptions): Promise<SipResponse> {
    const callId = `${token()}@callcheck-test`;
    const fromTag = token();
    const uri = options.to === undefined ? `sip:${this.domain}` : `sip:${options.to}@${this.domain}`;
    let cseq = 1;
    let response = await this.send(options, { uri, callId, fromTag, cseq });
    if ((response.status === 401 || response.status === 407) && options.auth) {
      const header = response.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
      const challenges = response.headers.get(header) ?? [];
      // Asterisk may offer several algorithms, one header each; this client answers the MD5 one.
      const md5Challenge = challenges.find((c) => (challengeParams(c).get('algorithm') ?? 'MD5').toUpperCase() === 'MD5');
      if (md5Challenge === undefined) throw new Error(`${response.status} without a ${header} header`);
      const authorization = this.digest(options.method, uri, options.auth, challengeParams(md5Challenge));
      cseq++;
      response = await this.send(options, { uri, callId, fromTag, cseq, authorization: `${response.status === 401 ? 'Authorization' : 'Proxy-Authorization'}: ${authorization}` });
    }
    return response;
  }

  close(): void {
    this.wire.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private digest(method: string, uri: string, auth: DigestCredentials, challenge: Map<string, string>): string {
    const realm = challenge.get('realm') ?? '';
    const nonce = challenge.get('nonce') ?? '';
    const ha1 = md5(`${auth.username}:${realm}:${auth.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const opaque = challenge.has('opaque') ? `, opaque="${challenge.get('opaque')}"` : '';
    if (!/\bauth\b/.test(challenge.get('qop') ?? '')) {
      return `Digest username="${auth.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${md5(`${ha1}:${nonce}:${ha2}`)}", algorithm=MD5${opaque}`;
    }
    const cnonce = token();
    const nc = '00000001';
    const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    return `Digest username="${auth.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, cnonce="${cnonce}", nc=${nc}, qop=auth${opaque}`;
  }

  private send(options: SipRequestOptions, at: { uri: string; callId: string; fromTag: string; cseq: number; authorization?: string }): Promise<SipResponse> {
    const { method } = options;
    const branch = `z9hG4bK${token()}`;
    const from = `<sip:${options.from}@${this.domain}>;tag=${at.fromTag}`;
    const to = method === 'REGISTER' ? `<sip:${options.from}@${this.domain}>` : `<${at.uri}>`;
    const sdp = method === 'INVITE' ? 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n' : '';
    const lines = [
      `${method} ${at.uri} SIP/2.0`,
      `Via: SIP/2.0/${this.wire.via} ${this.wire.sentBy};rport;branch=${branch}`,
      'Max-Forwards: 70',
      `From: ${from}`,
      `To: ${to}`,
      `Call-ID: ${at.callId}`,
      `CSeq: ${at.cseq} ${method}`,
      `Contact: <sip:${options.from}@${this.wire.sentBy}${this.wire.via === 'WS' ? ';transport=ws' : ''}>`,
      ...(method === 'REGISTER' ? [`Expires: ${options.expires ?? 60}`] : []),
      ...(at.authorization ? [at.authorization] : []),
      'User-Agent: callcheck-security-test',
      ...(sdp ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(sdp)}`,
    ];
    const key = `${at.callId} ${at.cseq} ${method}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`no final response to ${method} within ${RESPONSE_LIMIT_MS} ms`));
      }, RESPONSE_LIMIT_MS);
      this.pending.set(key, (response) => {
        clearTimeout(timer);
        this.pending.delete(key);
        // A non-2xx final answer to an INVITE is acknowledged in its own transaction (RFC 3261 17.1.1.3).
        if (method === 'INVITE' && response.status >= 300) {
          const toTagged = response.headers.get('to')?.[0] ?? to;
          this.wire.send([
            `ACK ${at.uri} SIP/2.0`,
            `Via: SIP/2.0/${this.wire.via} ${this.wire.sentBy};rport;branch=${branch}`,
            'Max-Forwards: 70',
            `From: ${from}`,
            `To: ${toTagged}`,
            `Call-ID: ${at.callId}`,
            `CSeq: ${at.cseq} ACK`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'));
        }
        resolve(response);
      });
      this.wire.send(`${lines.join('\r\n')}\r\n\r\n${sdp}`);
    });
  }
}
