/**
 * Preferences for every Firefox callcheck starts (written to the throwaway profile's user.js through
 * puppeteer's `extraPrefsFirefox`, on top of puppeteer's own testing defaults). Firefox has no command-line
 * flags for these: each one is here for a reason, grouped by what it is for. Every name was checked against
 * Firefox ESR 140 and 153 (their libxul and omni.ja); a misspelt or retired pref is silently ignored.
 * What they achieve was checked with .ci/loopback-guard.sh: a Firefox idling 40 s, and the smoke scenario,
 * sent nothing off loopback, and (capturing lo) made no connection of its own but WebDriver BiDi's.
 */
export const FIREFOX_PREFS: Readonly<Record<string, string | number | boolean>> = {
  // ---- WebRTC: media on 127.0.0.1 only -----------------------------------------------------------
  // Firefox leaves loopback addresses out of ICE gathering unless told (like Chromium's
  // --allow-loopback-in-peer-connection); Asterisk is only ever offered 127.0.0.1.
  'media.peerconnection.ice.loopback': true,
  // A page without microphone permission or a live capture gathers only the default route's addresses
  // (Firefox's privacy rule: one IPv4, one IPv6, found by connecting a UDP socket towards 8.8.8.8, which
  // sends nothing), so 127.0.0.1 never appeared whatever ice.loopback said (seen on ESR 140 and 153). The
  // agents make their audio with WebAudio and never capture; a default "allow" for the microphone lifts the
  // rule. Firefox then gathers every interface, 192.0.2.2 and fd00::2 too; the SDP filter (loopback-sdp.ts)
  // keeps only 127.0.0.1, as for Chromium. (media.peerconnection.ice.force_interface would limit gathering to
  // `lo`, but the ESR builds never apply it: it had no effect here.)
  'permissions.default.microphone': 1,
  // No mDNS `.local` names in place of host candidates: Asterisk cannot resolve them, and resolving or
  // announcing them would multicast on the LAN.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // UDP only, as the agents' SDP filter keeps only UDP candidates: TCP candidates would be gathered for nothing.
  'media.peerconnection.ice.tcp': false,
  // No STUN/TURN server ever: the agents pass iceServers: [], and this is Firefox's fallback list.
  'media.peerconnection.default_iceservers': '[]',
  // No getUserMedia prompt: the agents make their audio with WebAudio, but a prompt would block a page nobody clicks.
  'media.navigator.permission.disabled': true,
  // Autoplay without a user gesture, for media elements and WebAudio (the AudioContext is started by
  // the harness, not by a click; the echo's <audio> sink must play). Both ESR builds apply it to WebAudio too.
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // OpenH264 and Widevine are downloaded from Mozilla/Cisco at first start unless off; only Opus/G.711 audio is used.
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-gmpopenh264.autoupdate': false,
  'media.gmp-widevinecdm.enabled': false,
  'media.gmp-provider.enabled': false,

  // ---- Name resolution: nothing resolves through the system resolver --------------------------------
  // Every native DNS lookup answers 127.0.0.1 without a query (Mozilla's own test harness uses it): a
  // background service this list misses then knocks on loopback instead of leaving the machine, which the
  // loopback guard would see as a DNS packet. The agents only ever use 127.0.0.1.
  'network.dns.native-is-localhost': true,
  // DNS over HTTPS off by choice (mode 5), and no rollout heuristics that probe for it.
  'network.trr.mode': 5,
  'doh-rollout.disable-heuristics': true,
  // No prefetching of names or connections.
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  // (The predictor is gone in 153; the pref still matters in 140.)
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,

  // ---- Background services that call out --------------------------------------------------------
  // Captive-portal detection and the connectivity check fetch detectportal.firefox.com at start.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.connectivity-service.IPv4.url': '',
  'network.connectivity-service.IPv6.url': '',
  'captivedetect.canonicalURL': '',
  // Telemetry, Glean and their pings (the upload switch also stops Glean).
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.shutdownPingSender.enabled': false,
  'toolkit.telemetry.updatePing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  // Crash reports are never sent.
  'breakpad.reportURL': '',
  'browser.crashReports.unsubmittedCheck.autoSubmit2': false,
  'browser.tabs.crashReporting.sendReport': false,
  // Safe Browsing and tracking-protection lists are downloaded from Google and Mozilla.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google.gethashURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.google4.gethashURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.provider.mozilla.gethashURL': '',
  'privacy.trackingprotection.enabled': false,
  'privacy.trackingprotection.pbmode.enabled': false,
  // Remote Settings (blocklists, CRLite, intermediates, search config...) sync from Mozilla's servers.
  // Release builds ignore this override (seen: Firefox 153 went on fetching firefox.settings.services.mozilla.com)
  // unless MOZ_DISABLE_NONLOCAL_CONNECTIONS is set (see FIREFOX_ENV); with it, this exact dummy URL is the
  // one that makes Remote Settings skip all remote activity.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'extensions.blocklist.enabled': false,
  // Normandy, Shield studies and Nimbus experiments (Nimbus also needs Remote Settings, off above).
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  // Updates of the browser, its add-ons, system add-ons and search engines.
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.getAddons.cache.enabled': false,
  'browser.search.update': false,
  // Region and geolocation lookups.
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'geo.enabled': false,
  'geo.provider.network.url': '',
  // Web Push keeps a WebSocket to Mozilla's push service.
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  // Firefox Accounts and Sync.
  'identity.fxaccounts.enabled': false,
  // New-tab page content (Pocket, sponsored tiles, snippets) and the discovery feed.
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.showSponsored': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
  'browser.topsites.contile.enabled': false,
  // (Pocket is gone in 153.)
  'extensions.pocket.enabled': false,
  'browser.discovery.enabled': false,
  // Network time (SNTP) pool lookups.
  'network.sntp.pools': '',
  // Certificate revocation checks (OCSP) would contact the CA: the agents use plain http/ws on loopback anyway.
  'security.OCSP.enabled': 0,

  // ---- A quiet headless start -------------------------------------------------------------------
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'trailhead.firstrun.didSeeAboutWelcome': true,
  // No "slow script" dialogs: a loaded page of many agents must never be paused by the browser.
  'dom.max_script_run_time': 0,
};

/**
 * Environment of every Firefox callcheck starts, for what no preference does.
 * - MOZ_DISABLE_NONLOCAL_CONNECTIONS: Firefox's own switch for its test harnesses. A TCP connection to an
 *   address that is not loopback or private aborts the browser with "FATAL ERROR: Non-local network
 *   connections are disabled" instead of leaving the machine (a loud failure of the run, never a silent
 *   leak), and it is the condition under which a release build honours the Remote Settings override above.
 * - MOZ_CRASHREPORTER_DISABLE: no crash reporter, which would offer to send a report of a browser killed
 *   at the end of a run.
 */
export const FIREFOX_ENV: Readonly<Record<string, string>> = {
  MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1',
  MOZ_CRASHREPORTER_DISABLE: '1',
};
