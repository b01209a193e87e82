// The per-room feed: what it says WebRTC cannot play (B-frames, codecs other
// than H.264), and that viewers only ever start at a keyframe.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include "DtlsCertificate.h"
#include "DtlsTransport.h"
#include "SrtpSession.h"
#include "StreamFeed.h"

using namespace sockstream;
using namespace sockstream::webrtc;

namespace {

// avcC with one SPS (Constrained Baseline 3.0) and one PPS.
std::string avcc() {
    const std::string sps("\x67\x42\xc0\x1e\xd9\x00\xa0\x47\xfe\xc8", 10);
    const std::string pps("\x68\xce\x3c\x80", 4);
    std::string record("\x01\x42\xc0\x1e\xff\xe1", 6);
    record += static_cast<char>(0);
    record += static_cast<char>(sps.size());
    record += sps;
    record += static_cast<char>(1);
    record += static_cast<char>(0);
    record += static_cast<char>(pps.size());
    record += pps;
    return record;
}

StreamInfo stream(Codec codec = Codec::H264) {
    StreamInfo info;
    info.roomId = "room1";
    TrackInfo video;
    video.id = 0;
    video.kind = MediaKind::Video;
    video.codec = codec;
    video.codecConfig = codec == Codec::H264 ? avcc() : "";
    info.tracks.push_back(video);
    return info;
}

MediaPacket accessUnit(std::int64_t dtsMs, std::int64_t ptsMs, bool keyframe, bool bSlice = false) {
    // IDR; a P slice (slice_type 5); a B slice (nal_ref_idc 0, first_mb 0, slice_type 1).
    const std::string nal = keyframe ? std::string("\x65\x88\x84\x00\x10", 5)
                            : bSlice ? std::string("\x01\xa8\x00\x10", 4)
                                     : std::string("\x41\x9a\x02\x03", 4);
    std::string data;
    for (int shift = 24; shift >= 0; shift -= 8) data.push_back(static_cast<char>((nal.size() >> shift) & 0xFF));
    data += nal;
    MediaPacket packet;
    packet.trackId = 0;
    packet.dts = MediaTime::fromMilliseconds(dtsMs);
    packet.pts = MediaTime::fromMilliseconds(ptsMs);
    packet.keyframe = keyframe;
    packet.data = std::make_shared<const std::string>(data);
    return packet;
}

/// A media batch that keeps what it would have sent.
struct SentMedia {
    std::size_t datagrams = 0;
    SendBatch batch{8, [this](const SendBatch& sent) { datagrams += sent.size(); }};
};

/// A viewer's session after a real DTLS handshake with an in-memory client at
/// 127.0.0.1:40000, and the key its SRTP can be unprotected with.
struct ConnectedViewer {
    DtlsCertificate serverCertificate = DtlsCertificate::generate();
    DtlsCertificate clientCertificate = DtlsCertificate::generate();
    std::shared_ptr<WhepSession> session = std::make_shared<WhepSession>(
        "s1", "room1", serverCertificate, clientCertificate.fingerprint(), ViewerTrack{102, 0xA1B2C3D4}, std::nullopt);
    std::string srtpKeyAndSalt;
    SrtpProfile srtpProfile = SrtpProfile::AeadAes128Gcm;

    ConnectedViewer() {
        DtlsTransport client(DtlsTransport::Role::Client, clientCertificate, serverCertificate.fingerprint());
        const auto viewerAddress = TransportAddress::v4(127, 0, 0, 1, 40000);
        session->setRemote(viewerAddress);
        client.start();
        DatagramBatch toClient;
        for (int round = 0; round < 50 && client.state() != DtlsTransport::State::Connected; ++round) {
            for (const auto& datagram : client.takeOutgoing()) session->receiveDtls(datagram, viewerAddress, toClient);
            for (const auto& datagram : toClient) client.receive(datagram.bytes);
            toClient.clear();
        }
        EXPECT_EQ(client.state(), DtlsTransport::State::Connected) << client.failure();
        if (client.state() == DtlsTransport::State::Connected) {
            srtpKeyAndSalt = client.exportSrtpKeys().serverKeyAndSalt;
            srtpProfile = client.exportSrtpKeys().profile;
        }
    }
};

std::uint16_t sequenceOf(const std::string& rtp) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(rtp[2]) << 8) | static_cast<unsigned char>(rtp[3]));
}

}  // namespace

TEST(StreamFeed, AStreamWithoutBFramesPlaysAndNamesItsProfile) {
    StreamFeed feed("room1", {});
    EXPECT_TRUE(feed.onTracks(stream()) == false) << "playable from the start: nothing changed";
    SentMedia sent;
    auto& out = sent.batch;
    EXPECT_FALSE(feed.onPacket(accessUnit(0, 0, true), out));
    EXPECT_FALSE(feed.onPacket(accessUnit(33, 33, false), out));
    EXPECT_FALSE(feed.unplayableReason());
    EXPECT_EQ(feed.h264ProfileIdc(), 66);
    out.flush();
    EXPECT_EQ(sent.datagrams, 0u) << "no viewers, nothing to send";
}

TEST(StreamFeed, BFramesMakeTheStreamUnplayableNamingTheObsSetting) {
    StreamFeed feed("room1", {});
    feed.onTracks(stream());
    SentMedia sent;
    auto& out = sent.batch;
    EXPECT_FALSE(feed.onPacket(accessUnit(0, 0, true), out));
    EXPECT_FALSE(feed.onPacket(accessUnit(33, 100, false), out)) << "a composition offset alone is no B-frame";
    EXPECT_FALSE(feed.unplayableReason());
    EXPECT_TRUE(feed.onPacket(accessUnit(66, 66, false, true), out)) << "a B slice changes playability";
    const auto reason = feed.unplayableReason();
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("B-frames"), std::string::npos) << *reason;
    EXPECT_NE(reason->find("bframes=0"), std::string::npos) << *reason;
    EXPECT_FALSE(feed.onPacket(accessUnit(99, 99, false, true), out)) << "said once";
    EXPECT_FALSE(feed.onTracks(stream())) << "new sequence headers do not forget the B-frames";
    EXPECT_TRUE(feed.unplayableReason());
}

TEST(StreamFeed, OnlyH264PlaysOverWebRtc) {
    StreamFeed feed("room1", {});
    EXPECT_TRUE(feed.onTracks(stream(Codec::HEVC)));
    ASSERT_TRUE(feed.unplayableReason());
    EXPECT_NE(feed.unplayableReason()->find("hevc"), std::string::npos);
    EXPECT_TRUE(feed.onTracks(stream())) << "an encoder that switches to H.264 plays again";
    EXPECT_FALSE(feed.unplayableReason());
}

TEST(StreamFeed, AViewerBeforeDtlsGetsNothingAndLeaves) {
    StreamFeed feed("room1", {});
    feed.onTracks(stream());
    SentMedia sent;
    auto& out = sent.batch;
    feed.onPacket(accessUnit(0, 0, true), out);
    const auto certificate = DtlsCertificate::generate();
    auto session = std::make_shared<WhepSession>("s1", "room1", certificate, "AA:BB", ViewerTrack{102, 1234},
                                                 std::nullopt);
    feed.attach(session, out);
    feed.attach(session, out);
    EXPECT_EQ(feed.viewerCount(), 1u) << "attaching twice keeps one viewer";
    feed.onPacket(accessUnit(33, 33, false), out);
    out.flush();
    EXPECT_EQ(sent.datagrams, 0u) << "nothing is sent to a viewer without SRTP keys";
    feed.detach("s1");
    EXPECT_EQ(feed.viewerCount(), 0u);
}

TEST(StreamFeed, AudioIsTranscodedOnlyWhileSomeoneWatches) {
    StreamFeed feed("room1", {});
    StreamInfo info = stream();
    TrackInfo audio;
    audio.id = 1;
    audio.kind = MediaKind::Audio;
    audio.codec = Codec::AAC;
    audio.codecConfig = std::string("\x11\x90", 2);  // AAC-LC, 48 kHz, stereo
    audio.sampleRate = 48000;
    audio.channels = 2;
    info.tracks.push_back(audio);
    feed.onTracks(info);
    MediaPacket frame;
    frame.trackId = 1;
    frame.data = std::make_shared<const std::string>(std::string("\x21\x00\x49\x90\x02\x19\x00\x23\x80", 9));
    SentMedia sent;
    auto& out = sent.batch;
    feed.onPacket(frame, out);
    EXPECT_FALSE(feed.transcodingAudio()) << "nobody watches: no decoder, no encoder";

    const auto certificate = DtlsCertificate::generate();
    feed.attach(std::make_shared<WhepSession>("s1", "room1", certificate, "AA:BB", ViewerTrack{102, 1},
                                              ViewerTrack{111, 2}),
                out);
    frame.pts = frame.dts = MediaTime::fromMilliseconds(21);
    feed.onPacket(frame, out);
    EXPECT_TRUE(feed.transcodingAudio()) << "a viewer: the AAC is transcoded";

    feed.detach("s1");
    frame.pts = frame.dts = MediaTime::fromMilliseconds(42);
    feed.onPacket(frame, out);
    EXPECT_FALSE(feed.transcodingAudio()) << "the last viewer left: the transcoder goes";
}

TEST(StreamFeed, AConnectedViewerGetsEachPacketWithItsPayloadTypeAndSsrcEncryptedWithItsKey) {
    // A real DTLS handshake between the viewer's session and a client, then
    // the feed's packets go through a send batch: each must unprotect with
    // the client's SRTP key and carry the viewer's payload type and SSRC.
    const ConnectedViewer connected;
    ASSERT_TRUE(connected.session->connected());
    const auto& session = connected.session;
    SrtpSession viewer(connected.srtpProfile, connected.srtpKeyAndSalt, SrtpSession::Direction::Inbound);

    std::vector<std::string> received;
    SendBatch out(4, [&](const SendBatch& batch) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            EXPECT_EQ(ntohs(batch.entry(i).to.sin_port), 40000);
            received.emplace_back(batch.data(i), batch.entry(i).length);
        }
    });
    StreamFeed feed("room1", {});
    feed.onTracks(stream());
    feed.attach(session, out);
    // A large IDR (FU-A fragments: more datagrams than the batch has slots) and a P frame.
    MediaPacket idr = accessUnit(0, 0, true);
    std::string big("\x65\x88\x84", 3);
    big += std::string(5000, '\x42');
    std::string data;
    for (int shift = 24; shift >= 0; shift -= 8) data.push_back(static_cast<char>((big.size() >> shift) & 0xFF));
    idr.data = std::make_shared<const std::string>(data + big);
    feed.onPacket(idr, out);
    feed.onPacket(accessUnit(33, 33, false), out);
    out.flush();
    ASSERT_GE(received.size(), 6u) << "SPS/PPS, at least 4 fragments of the IDR, the P frame";
    std::uint16_t previous = 0;
    for (std::size_t i = 0; i < received.size(); ++i) {
        std::string packet = received[i];
        ASSERT_TRUE(viewer.unprotectRtp(packet)) << "packet " << i;
        EXPECT_EQ(static_cast<unsigned char>(packet[1]) & 0x7F, 102);
        EXPECT_EQ(packet.substr(8, 4), std::string("\xA1\xB2\xC3\xD4", 4));
        const auto sequence = sequenceOf(packet);
        if (i > 0) EXPECT_EQ(sequence, static_cast<std::uint16_t>(previous + 1)) << "in order, none lost";
        previous = sequence;
    }
}

TEST(StreamFeed, NackedPacketsAndTheKeyframeGroupAreSentAgainAndCounted) {
    // What the plugin's retransmission and keyframe-resend counters count:
    // packets found in the history (those too old are not), and whether a
    // complete keyframe group was there to send.
    const ConnectedViewer connected;
    ASSERT_TRUE(connected.session->connected());
    SrtpSession viewer(connected.srtpProfile, connected.srtpKeyAndSalt, SrtpSession::Direction::Inbound);
    std::vector<std::string> received;
    SendBatch out(8, [&](const SendBatch& batch) {
        for (std::size_t i = 0; i < batch.size(); ++i) received.emplace_back(batch.data(i), batch.entry(i).length);
    });
    StreamFeed feed("room1", {});
    feed.onTracks(stream());
    feed.attach(connected.session, out);
    EXPECT_FALSE(feed.resendKeyframe(*connected.session, out)) << "no keyframe group yet";
    feed.onPacket(accessUnit(0, 0, true), out);
    feed.onPacket(accessUnit(33, 33, false), out);
    feed.onPacket(accessUnit(66, 66, false), out);
    out.flush();
    ASSERT_GE(received.size(), 3u);
    std::vector<std::uint16_t> sent;
    for (auto packet : received) {
        ASSERT_TRUE(viewer.unprotectRtp(packet));
        sent.push_back(sequenceOf(packet));
    }
    received.clear();

    // Two packets it has, one it never sent.
    const std::vector<std::uint16_t> nacked{sent[1], sent.back(), static_cast<std::uint16_t>(sent.back() + 100)};
    EXPECT_EQ(feed.retransmit(*connected.session, nacked, out), 2u);
    out.flush();
    ASSERT_EQ(received.size(), 2u);
    // A receiver that lost the originals (one that had them would refuse a replay).
    SrtpSession lostThem(connected.srtpProfile, connected.srtpKeyAndSalt, SrtpSession::Direction::Inbound);
    for (std::size_t i = 0; i < 2; ++i) {
        std::string packet = received[i];
        ASSERT_TRUE(lostThem.unprotectRtp(packet)) << "protected under its own index";
        EXPECT_EQ(sequenceOf(packet), nacked[i]);
    }
    received.clear();

    // The group the IDR opened goes again, from its first packet (SPS/PPS).
    EXPECT_TRUE(feed.resendKeyframe(*connected.session, out));
    out.flush();
    EXPECT_EQ(received.size(), sent.size());
    ASSERT_FALSE(received.empty());
    std::string first = received.front();
    SrtpSession lostAll(connected.srtpProfile, connected.srtpKeyAndSalt, SrtpSession::Direction::Inbound);
    ASSERT_TRUE(lostAll.unprotectRtp(first));
    EXPECT_EQ(sequenceOf(first), sent.front());
}

namespace {

/// What a send batch hands to the socket, flush by flush (a flush is one tick's worth).
struct Flushes {
    std::vector<std::uint16_t> sequences;  ///< every datagram's RTP sequence number (the header is not encrypted)
    SendBatch batch{256, [this](const SendBatch& sent) {
                        for (std::size_t i = 0; i < sent.size(); ++i)
                            sequences.push_back(sequenceOf(std::string(sent.data(i), sent.entry(i).length)));
                    }};
    /// Flushes and returns how many datagrams went since the last call.
    std::size_t flush() {
        batch.flush();
        const std::size_t sent = sequences.size() - counted;
        counted = sequences.size();
        return sent;
    }
    std::size_t counted = 0;
};

/// A feed whose cached group is an IDR and `frames` P frames, 33 ms apart.
void feedGroup(StreamFeed& feed, SendBatch& out, int frames) {
    feed.onTracks(stream());
    feed.onPacket(accessUnit(0, 0, true), out);
    for (int i = 1; i <= frames; ++i) feed.onPacket(accessUnit(33 * i, 33 * i, false), out);
}

StreamFeed::Limits pacedLimits() {
    StreamFeed::Limits limits;
    limits.catchUpMinPacketsPerTick = 4;
    limits.catchUpRateMultiplier = 2;  // ~30 packets a second here: 0.6 a tick, so the minimum of 4 rules
    return limits;
}

/// A connected viewer just attached to a feed whose cached group is 42 packets: it is catching up.
struct CatchingUp {
    ConnectedViewer connected;
    StreamFeed feed{"room1", pacedLimits()};
    Flushes sent;
    CatchingUp() {
        EXPECT_TRUE(connected.session->connected());
        feedGroup(feed, sent.batch, 40);
        feed.attach(connected.session, sent.batch);
    }
};

}  // namespace

TEST(StreamFeed, ANewViewerCatchesUpOverSeveralTicksWithLivePacketsQueuedBehindInOrder) {
    // The old code sent the whole cached group in one burst at attach(): a
    // receiver's socket buffer drops most of a real one (thousands of packets).
    const ConnectedViewer connected;
    ASSERT_TRUE(connected.session->connected());
    StreamFeed feed("room1", pacedLimits());
    Flushes sent;
    feedGroup(feed, sent.batch, 40);  // SPS/PPS, IDR, 40 P frames: 42 packets
    EXPECT_EQ(sent.flush(), 0u) << "no viewers yet";
    EXPECT_EQ(feed.catchUpPacketsPerTick(), 4u);

    feed.attach(connected.session, sent.batch);
    EXPECT_EQ(sent.flush(), 4u) << "the first tick's worth at once: the keyframe starts without waiting";
    EXPECT_TRUE(feed.catchingUp());
    int ticks = 0;
    int live = 0;
    while (feed.catchingUp() && ticks < 100) {
        feed.pace(sent.batch);
        EXPECT_LE(sent.flush(), 4u) << "tick " << ticks;
        ++ticks;
        if (ticks % 3 == 0) {
            // A live frame meanwhile: queued behind the catch-up, not sent now.
            ++live;
            feed.onPacket(accessUnit(33 * (40 + live), 33 * (40 + live), false), sent.batch);
            EXPECT_EQ(sent.flush(), 0u) << "a live packet waits for the catch-up";
        }
    }
    EXPECT_FALSE(feed.catchingUp());
    EXPECT_GE(ticks, 10) << "42 packets and the live ones, at most 4 a tick";
    ASSERT_EQ(sent.sequences.size(), 42u + static_cast<std::size_t>(live));
    for (std::size_t i = 1; i < sent.sequences.size(); ++i)
        EXPECT_EQ(sent.sequences[i], static_cast<std::uint16_t>(sent.sequences[i - 1] + 1))
            << "datagram " << i << ": the group then the live frames, each once, in sequence order";

    // Caught up: live packets go at once again.
    feed.onPacket(accessUnit(33 * 60, 33 * 60, false), sent.batch);
    EXPECT_EQ(sent.flush(), 1u);
    EXPECT_EQ(sent.sequences.back(), static_cast<std::uint16_t>(sent.sequences[sent.sequences.size() - 2] + 1));
    feed.pace(sent.batch);
    EXPECT_EQ(sent.flush(), 0u) << "nothing left to pace";
}

TEST(StreamFeed, AViewerLeavingMidCatchUpIsDroppedWithWhatItWasStillToGet) {
    CatchingUp catchingUp;
    auto& [connected, feed, sent] = catchingUp;
    feed.pace(sent.batch);
    EXPECT_EQ(sent.flush(), 8u);
    ASSERT_TRUE(feed.catchingUp());
    feed.detach("s1");
    EXPECT_EQ(feed.viewerCount(), 0u);
    EXPECT_FALSE(feed.catchingUp()) << "the timer has nothing more to do for this feed";
    feed.pace(sent.batch);
    feed.onPacket(accessUnit(33 * 41, 33 * 41, false), sent.batch);
    EXPECT_EQ(sent.flush(), 0u);
}

TEST(StreamFeed, APliDuringACatchUpDoesNotStartASecondOne) {
    CatchingUp catchingUp;
    auto& [connected, feed, sent] = catchingUp;
    sent.flush();
    EXPECT_FALSE(feed.resendKeyframe(*connected.session, sent.batch)) << "the group it asks for is on its way";
    EXPECT_EQ(sent.flush(), 0u);
    int ticks = 0;
    for (; feed.catchingUp() && ticks < 100; ++ticks) {
        feed.pace(sent.batch);
        sent.flush();
    }
    EXPECT_EQ(sent.sequences.size(), 42u) << "the group once, not twice";

    // Caught up, a PLI resends the group, paced the same way, live packets behind it.
    EXPECT_TRUE(feed.resendKeyframe(*connected.session, sent.batch));
    EXPECT_EQ(sent.flush(), 4u);
    EXPECT_TRUE(feed.catchingUp());
    feed.onPacket(accessUnit(33 * 41, 33 * 41, false), sent.batch);
    EXPECT_EQ(sent.flush(), 0u);
    for (ticks = 0; feed.catchingUp() && ticks < 100; ++ticks) {
        feed.pace(sent.batch);
        EXPECT_LE(sent.flush(), 4u);
    }
    ASSERT_EQ(sent.sequences.size(), 42u + 42u + 1u);
    EXPECT_EQ(sent.sequences[42], sent.sequences[0]) << "the resend starts at the group's first packet";
    EXPECT_EQ(sent.sequences.back(), static_cast<std::uint16_t>(sent.sequences[41] + 1))
        << "the live frame came after the resent group";
}

TEST(StreamFeed, TheCatchUpRateFollowsTheStreamsPacketRate) {
    // 2 s of 5-packet frames at 30 fps: 150 packets a second; 4 times that is
    // 600 a second, 6 per 10 ms tick.
    StreamFeed::Limits limits;
    limits.catchUpMinPacketsPerTick = 1;
    limits.catchUpRateMultiplier = 4;
    StreamFeed feed("room1", limits);
    feed.onTracks(stream());
    Flushes sent;
    EXPECT_EQ(feed.catchUpPacketsPerTick(), 1u) << "not measured yet: the minimum";
    for (int i = 0; i <= 60; ++i) {
        MediaPacket frame = accessUnit(33 * i, 33 * i, i == 0);
        std::string nal = i == 0 ? std::string("\x65\x88\x84", 3) : std::string("\x41\x9a\x02", 3);
        nal += std::string(5000, '\x42');
        std::string data;
        for (int shift = 24; shift >= 0; shift -= 8) data.push_back(static_cast<char>((nal.size() >> shift) & 0xFF));
        frame.data = std::make_shared<const std::string>(data + nal);
        feed.onPacket(frame, sent.batch);
    }
    const auto perTick = feed.catchUpPacketsPerTick();
    EXPECT_GE(perTick, 5u);
    EXPECT_LE(perTick, 8u);
}

TEST(StreamFeed, AViewerFallingTooFarBehindItsCatchUpStartsAgainAtTheNextKeyframe) {
    // Its queue may hold at most twice maxKeyframeGroupPackets: memory per viewer stays bounded.
    const ConnectedViewer connected;
    ASSERT_TRUE(connected.session->connected());
    StreamFeed::Limits limits = pacedLimits();
    limits.maxKeyframeGroupPackets = 50;
    StreamFeed feed("room1", limits);
    Flushes sent;
    feedGroup(feed, sent.batch, 40);
    feed.attach(connected.session, sent.batch);
    EXPECT_EQ(sent.flush(), 4u);
    int frame = 40;
    // Live frames without a tick (a stalled timer): 38 queued + 62 = 100 fit, the 63rd does not.
    for (int i = 0; i < 62; ++i) feed.onPacket(accessUnit(33 * ++frame, 33 * frame, false), sent.batch);
    EXPECT_TRUE(feed.catchingUp());
    feed.onPacket(accessUnit(33 * ++frame, 33 * frame, false), sent.batch);
    EXPECT_FALSE(feed.catchingUp()) << "too far behind: the queue goes";
    feed.pace(sent.batch);
    feed.onPacket(accessUnit(33 * ++frame, 33 * frame, false), sent.batch);
    EXPECT_EQ(sent.flush(), 0u) << "nothing it could decode until the next keyframe";
    feed.onPacket(accessUnit(33 * ++frame, 33 * frame, true), sent.batch);
    EXPECT_EQ(sent.flush(), 2u) << "SPS/PPS and the IDR, live";
    EXPECT_FALSE(feed.catchingUp());
}
