import { SessionDescriptionHandler, type SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/index.js';
import { asDtlsClient, keepLoopbackCandidates, withoutCandidates } from './loopback-sdp.ts';

/**
 * SIP.js's WebRTC session description handler, but the SDP it hands to SIP carries only loopback ICE
 * candidates: Chromium also gathers the host's other interfaces, and media must stay on 127.0.0.1. The
 * SDP it hands to Chromium carries none of Asterisk's: Chromium would pair Asterisk's 127.0.0.1 candidate
 * with every local socket and move the media to the host's interface address mid-call, and Asterisk's
 * strict RTP drops the first packets from a new source. Without them the only pair is the one Asterisk's
 * connectivity checks make, from its 127.0.0.1 to the agent's (see withoutCandidates). The SDP to SIP also
 * makes the agent the DTLS client (see asDtlsClient).
 */
export class LoopbackSessionDescriptionHandler extends SessionDescriptionHandler {
  /** Told when the call's audio is ready and when ICE gathering has ended; the call stamps its timeline from them. */
  hooks: { mediaReady?: () => void; iceGathered?: () => void } = {};

  protected override async getLocalMediaStream(options?: SessionDescriptionHandlerOptions): Promise<void> {
    await super.getLocalMediaStream(options);
    this.hooks.mediaReady?.();
  }

  protected override async waitForIceGatheringComplete(restart = false, timeout = 0): Promise<void> {
    await super.waitForIceGatheringComplete(restart, timeout);
    this.hooks.iceGathered?.();
  }

  protected override async getLocalSessionDescription(): Promise<RTCSessionDescription> {
    const description = await super.getLocalSessionDescription();
    const loopback = keepLoopbackCandidates(description.sdp);
    if (loopback.loopbackCandidates === 0) {
      throw new Error(
        'the browser gathered no 127.0.0.1 ICE candidate (Chromium needs --allow-loopback-in-peer-connection; Firefox media.peerconnection.ice.loopback and a microphone permission, see firefox-prefs.ts)',
      );
    }
    // Only an offer: in an answer the role is already decided by the other side's offer.
    const sdp = description.type === 'offer' ? asDtlsClient(loopback.sdp).sdp : loopback.sdp;
    return { type: description.type, sdp, toJSON: () => ({ type: description.type, sdp }) } as RTCSessionDescription;
  }

  protected override setRemoteSessionDescription(sessionDescription: RTCSessionDescriptionInit): Promise<void> {
    // An SDP without a body is left to SIP.js, which rejects it.
    if (!sessionDescription.sdp) return super.setRemoteSessionDescription(sessionDescription);
    return super.setRemoteSessionDescription({ type: sessionDescription.type, sdp: withoutCandidates(sessionDescription.sdp).sdp });
  }
}
