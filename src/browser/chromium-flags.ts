/**
 * Flags for every Chromium callcheck starts. Each one is here for a reason seen on real machines:
 * - no sandbox: callcheck often runs as root in CI, where Chromium refuses to start sandboxed;
 * - background networking, component updates, sync, first run, QUIC off: otherwise Chromium calls out to
 *   update and telemetry hosts, which must never happen (loopback only) and stalls on closed networks;
 * - loopback in peer connections: Chromium leaves 127.0.0.1 out of ICE unless told;
 * - no mDNS host candidates: Chromium hides host addresses behind `.local` names that Asterisk cannot
 *   resolve, and would multicast mDNS on the LAN;
 * - no host name resolution: even with background networking off, Chromium looks up Google's update and
 *   account hosts at start (seen in a capture); every name but localhost now resolves to "not found"
 *   inside the browser, without a DNS query. The agents only ever dial 127.0.0.1.
 * - autoplay without a gesture: the WebAudio tone must run in a page nobody clicks.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-breakpad',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns,Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream',
];
