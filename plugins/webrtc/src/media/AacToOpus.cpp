#include "AacToOpus.h"

#include <algorithm>
#include <cstring>
#include <optional>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
}

#include "FfmpegHandles.h"
#include "OpusPacket.h"
#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::webrtc {

using namespace ffmpeg;

namespace {

constexpr int kOpusRate = 48000;
constexpr std::size_t kMaxAacFrame = 64 * 1024;
constexpr AVSampleFormat kOpusFormat = AV_SAMPLE_FMT_FLT;  // interleaved float: libopus's native input

/// Microseconds from `from` to `to`, exactly (both clocks), for the resync check.
std::int64_t microsecondsBetween(MediaTime from, MediaTime to) {
    const __int128 scaled = static_cast<__int128>(to.ticks) * from.rate - static_cast<__int128>(from.ticks) * to.rate;
    return static_cast<std::int64_t>(scaled * 1'000'000 / (static_cast<__int128>(from.rate) * to.rate));
}

CodecContextPtr openDecoder(std::string_view audioSpecificConfig) {
    try {
        (void)codec::AudioSpecificConfig::parse(audioSpecificConfig);
    } catch (const codec::RecordError& error) {
        throw TranscodeError(std::string("the AAC track's AudioSpecificConfig is malformed: ") + error.what());
    }
    const AVCodec* decoder = avcodec_find_decoder(AV_CODEC_ID_AAC);
    if (!decoder) throw TranscodeError("this FFmpeg has no AAC decoder");
    CodecContextPtr context(avcodec_alloc_context3(decoder));
    if (!context) throw TranscodeError("out of memory opening the AAC decoder");
    context->extradata = static_cast<std::uint8_t*>(av_mallocz(audioSpecificConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    if (!context->extradata) throw TranscodeError("out of memory opening the AAC decoder");
    std::memcpy(context->extradata, audioSpecificConfig.data(), audioSpecificConfig.size());
    context->extradata_size = static_cast<int>(audioSpecificConfig.size());
    context->thread_count = 1;
    check(avcodec_open2(context.get(), decoder, nullptr), "opening the AAC decoder");
    return context;
}

CodecContextPtr openEncoder(const AacToOpus::Options& options) {
    if (options.channels != 1 && options.channels != 2) throw TranscodeError("Opus for WebRTC carries 1 or 2 channels");
    const AVCodec* encoder = avcodec_find_encoder_by_name("libopus");
    if (!encoder) throw TranscodeError("this FFmpeg has no libopus encoder (Debian's libavcodec has it)");
    CodecContextPtr context(avcodec_alloc_context3(encoder));
    if (!context) throw TranscodeError("out of memory opening the Opus encoder");
    context->sample_rate = kOpusRate;
    context->sample_fmt = kOpusFormat;
    av_channel_layout_default(&context->ch_layout, options.channels);
    context->bit_rate = options.bitrate;
    context->time_base = {1, kOpusRate};
    context->thread_count = 1;
    AVDictionary* settings = nullptr;
    av_dict_set(&settings, "frame_duration", "20", 0);  // RFC 7587 packets of one 20 ms frame
    av_dict_set(&settings, "application", "audio", 0);
    const int opened = avcodec_open2(context.get(), encoder, &settings);
    av_dict_free(&settings);
    check(opened, "opening the libopus encoder");
    if (context->frame_size != 960) throw TranscodeError("the libopus encoder did not take 20 ms frames");
    return context;
}

}  // namespace

class AacToOpus::Impl {
public:
    Impl(std::string_view config, Options options)
        : _options(options),
          _decoder(openDecoder(config)),
          _encoder(openEncoder(options)),
          _fifo(av_audio_fifo_alloc(kOpusFormat, options.channels, 2 * 960)),
          _packet(av_packet_alloc()),
          _decoded(av_frame_alloc()),
          _encoded(av_packet_alloc()) {
        if (!_fifo || !_packet || !_decoded || !_encoded) throw TranscodeError("out of memory starting the AAC to Opus transcoder");
    }

    std::vector<OpusFrame> push(std::string_view aacFrame, MediaTime pts) {
        if (_flushed) throw TranscodeError("the AAC to Opus transcoder was already flushed");
        std::vector<OpusFrame> out;
        // An AAC frame holds at most 6144 bits a channel; anything near this is not AAC.
        if (aacFrame.empty() || aacFrame.size() > kMaxAacFrame) {
            ++_dropped;
            return out;
        }
        av_packet_unref(_packet.get());
        check(av_new_packet(_packet.get(), static_cast<int>(aacFrame.size())), "allocating an AAC packet");
        std::memcpy(_packet->data, aacFrame.data(), aacFrame.size());
        if (avcodec_send_packet(_decoder.get(), _packet.get()) < 0) {
            ++_dropped;
            return out;
        }
        std::optional<MediaTime> framePts = pts;  // the packet's time belongs to its first decoded frame
        while (true) {
            const int received = avcodec_receive_frame(_decoder.get(), _decoded.get());
            if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) break;
            if (received < 0) {
                ++_dropped;
                break;
            }
            take(*_decoded, framePts, out);
            framePts.reset();
            av_frame_unref(_decoded.get());
        }
        return out;
    }

    std::vector<OpusFrame> flush() {
        std::vector<OpusFrame> out;
        if (_flushed) return out;
        _flushed = true;
        finishRun(out);
        return out;
    }

    std::size_t dropped() const { return _dropped; }
    std::size_t resyncs() const { return _resyncs; }

private:
    /// One decoded frame: start or continue the run, resample, encode what fills whole frames.
    void take(const AVFrame& frame, std::optional<MediaTime> pts, std::vector<OpusFrame>& out) {
        if (frame.nb_samples <= 0 || frame.sample_rate <= 0) return;
        const bool formatChanged = _resampler && (frame.sample_rate != _inputRate || frame.format != _inputFormat ||
                                                  av_channel_layout_compare(&frame.ch_layout, &_inputLayout) != 0);
        if (!_running) {
            startRun(pts.value_or(MediaTime{0, kOpusRate}), frame.sample_rate);
        } else if (pts && (formatChanged || offTimeline(*pts))) {
            finishRun(out);
            // A fresh encoder, so the new run's first packet starts at its own
            // time: a running one would stamp the lookahead across the jump with the old timeline.
            _encoder = openEncoder(_options);
            ++_resyncs;
            startRun(*pts, frame.sample_rate);
        } else if (formatChanged) {
            _resampler.reset();  // a new layout on the same timeline (rare): keep the times, rebuild the converter
        }
        if (!_resampler) openResampler(frame);
        resample(const_cast<const std::uint8_t**>(frame.extended_data), frame.nb_samples);
        _inputSamples += frame.nb_samples;
        encodeWholeFrames(out);
    }

    /// Whether the input's time left the time its samples add up to.
    bool offTimeline(MediaTime pts) const {
        // Where the samples say this frame starts (the run's first time plus the
        // samples since, at their own rate) against where its timestamp says.
        const std::int64_t sinceStart = microsecondsBetween(_runInput, pts);
        const std::int64_t bySamples = static_cast<std::int64_t>(static_cast<__int128>(_inputSamples) * 1'000'000 / _inputRate);
        const std::int64_t off = sinceStart - bySamples;
        const std::int64_t allowed = std::chrono::duration_cast<std::chrono::microseconds>(_options.resyncAfter).count();
        return off > allowed || off < -allowed;
    }

    void startRun(MediaTime pts, int inputRate) {
        std::int64_t origin = pts.nearestAt(kOpusRate);
        // The last run's packets end a frame after its samples (the drained
        // lookahead): the new one starts after that, so times only move forward.
        if (_everRan) origin = std::max(origin, _runOrigin + _runSamples + 960);
        _runOrigin = origin;
        _runSamples = 0;
        _runInput = pts;
        _inputRate = inputRate;
        _inputSamples = 0;
        _running = true;
        _everRan = true;
        _resampler.reset();
    }

    /// Flushes the resampler and finishes the last partial frame with silence.
    void finishRun(std::vector<OpusFrame>& out) {
        if (!_running) return;
        if (_resampler) resample(nullptr, 0);
        const int partial = av_audio_fifo_size(_fifo.get()) % 960;
        if (partial != 0) {
            const int missing = 960 - partial;
            std::vector<float> silence(static_cast<std::size_t>(missing) * _options.channels, 0.0f);
            void* planes[1] = {silence.data()};
            check(av_audio_fifo_write(_fifo.get(), planes, missing), "buffering silence");
        }
        encodeWholeFrames(out);
        check(avcodec_send_frame(_encoder.get(), nullptr), "draining the Opus encoder");
        receivePackets(out);
        _running = false;
    }

    void openResampler(const AVFrame& frame) {
        AVChannelLayout outLayout;
        av_channel_layout_default(&outLayout, _options.channels);
        SwrContext* context = nullptr;
        check(swr_alloc_set_opts2(&context, &outLayout, kOpusFormat, kOpusRate, const_cast<AVChannelLayout*>(&frame.ch_layout),
                                  static_cast<AVSampleFormat>(frame.format), frame.sample_rate, 0, nullptr),
              "configuring the resampler");
        _resampler.reset(context);
        check(swr_init(_resampler.get()), "starting the resampler");
        _inputFormat = frame.format;
        av_channel_layout_uninit(&_inputLayout);
        check(av_channel_layout_copy(&_inputLayout, &frame.ch_layout), "copying a channel layout");
    }

    /// Converts samples (nullptr: drain) into the FIFO at 48 kHz.
    void resample(const std::uint8_t** input, int samples) {
        const int capacity = swr_get_out_samples(_resampler.get(), samples);
        if (capacity <= 0) return;
        _scratch.resize(static_cast<std::size_t>(capacity) * _options.channels);
        std::uint8_t* planes[1] = {reinterpret_cast<std::uint8_t*>(_scratch.data())};
        const int converted = check(swr_convert(_resampler.get(), planes, capacity, input, samples), "resampling to 48 kHz");
        if (converted == 0) return;
        void* fifoPlanes[1] = {_scratch.data()};
        check(av_audio_fifo_write(_fifo.get(), fifoPlanes, converted), "buffering resampled audio");
    }

    void encodeWholeFrames(std::vector<OpusFrame>& out) {
        while (av_audio_fifo_size(_fifo.get()) >= 960) {
            FramePtr frame(av_frame_alloc());
            if (!frame) throw TranscodeError("out of memory encoding Opus");
            frame->nb_samples = 960;
            frame->format = kOpusFormat;
            frame->sample_rate = kOpusRate;
            check(av_channel_layout_copy(&frame->ch_layout, &_encoder->ch_layout), "copying a channel layout");
            check(av_frame_get_buffer(frame.get(), 0), "allocating an audio frame");
            check(av_audio_fifo_read(_fifo.get(), reinterpret_cast<void**>(frame->data), 960), "reading buffered audio");
            frame->pts = _runOrigin + _runSamples;
            _runSamples += 960;
            check(avcodec_send_frame(_encoder.get(), frame.get()), "encoding Opus");
            receivePackets(out);
        }
    }

    void receivePackets(std::vector<OpusFrame>& out) {
        while (true) {
            const int received = avcodec_receive_packet(_encoder.get(), _encoded.get());
            if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return;
            check(received, "encoding Opus");
            OpusFrame frame;
            frame.data.assign(reinterpret_cast<const char*>(_encoded->data), static_cast<std::size_t>(_encoded->size));
            frame.pts = MediaTime{_encoded->pts, kOpusRate};
            // What the packet decodes to: the encoder shortens the duration of
            // its last one to the real audio, but RTP time advances by whole packets.
            frame.samples = opusPacketSamples(frame.data).value_or(960);
            out.push_back(std::move(frame));
            av_packet_unref(_encoded.get());
        }
    }

    Options _options;
    CodecContextPtr _decoder;
    CodecContextPtr _encoder;
    ResamplerPtr _resampler;
    FifoPtr _fifo;
    PacketPtr _packet;
    FramePtr _decoded;
    PacketPtr _encoded;
    std::vector<float> _scratch;

    // The current run: its first output sample's 48 kHz time and the samples
    // given to the encoder since; its first input time and the input samples since.
    bool _running = false;
    bool _everRan = false;
    bool _flushed = false;
    std::int64_t _runOrigin = 0;
    std::int64_t _runSamples = 0;
    MediaTime _runInput;
    std::int64_t _inputSamples = 0;
    int _inputRate = 0;
    int _inputFormat = -1;
    AVChannelLayout _inputLayout{};
    std::size_t _dropped = 0;
    std::size_t _resyncs = 0;

public:
    ~Impl() { av_channel_layout_uninit(&_inputLayout); }
};

AacToOpus::AacToOpus(std::string_view audioSpecificConfig) : AacToOpus(audioSpecificConfig, Options{}) {}
AacToOpus::AacToOpus(std::string_view audioSpecificConfig, Options options)
    : _impl(std::make_unique<Impl>(audioSpecificConfig, options)) {}
AacToOpus::~AacToOpus() = default;

std::vector<OpusFrame> AacToOpus::push(std::string_view aacFrame, MediaTime pts) { return _impl->push(aacFrame, pts); }
std::vector<OpusFrame> AacToOpus::flush() { return _impl->flush(); }
std::size_t AacToOpus::droppedFrames() const { return _impl->dropped(); }
std::size_t AacToOpus::resyncs() const { return _impl->resyncs(); }

}  // namespace sockstream::webrtc
