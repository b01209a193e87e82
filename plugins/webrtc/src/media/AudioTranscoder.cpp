#include "AudioTranscoder.h"

#include <algorithm>
#include <cstring>
#include <optional>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
}

#include "FfmpegHandles.h"

namespace sockstream::webrtc {

using namespace ffmpeg;

namespace {

constexpr std::size_t kMaxInputFrame = 64 * 1024;

/// Microseconds from `from` to `to`, exactly (both clocks), for the resync check.
std::int64_t microsecondsBetween(MediaTime from, MediaTime to) {
    const __int128 scaled = static_cast<__int128>(to.ticks) * from.rate - static_cast<__int128>(from.ticks) * to.rate;
    return static_cast<std::int64_t>(scaled * 1'000'000 / (static_cast<__int128>(from.rate) * to.rate));
}

CodecContextPtr openDecoder(const AudioTranscoder::Setup& setup) {
    const AVCodec* decoder = avcodec_find_decoder_by_name(setup.decoder.c_str());
    if (!decoder) throw TranscodeError("this FFmpeg has no " + setup.decoder + " decoder");
    CodecContextPtr context(avcodec_alloc_context3(decoder));
    if (!context) throw TranscodeError("out of memory opening the " + setup.decoder + " decoder");
    if (!setup.decoderConfig.empty()) {
        context->extradata = static_cast<std::uint8_t*>(av_mallocz(setup.decoderConfig.size() + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!context->extradata) throw TranscodeError("out of memory opening the " + setup.decoder + " decoder");
        std::memcpy(context->extradata, setup.decoderConfig.data(), setup.decoderConfig.size());
        context->extradata_size = static_cast<int>(setup.decoderConfig.size());
    }
    // Decoders that need the rate and layout up front (Opus without a header) get the declared ones.
    if (setup.inputRate > 0) context->sample_rate = setup.inputRate;
    if (setup.inputChannels > 0) av_channel_layout_default(&context->ch_layout, setup.inputChannels);
    context->thread_count = 1;
    check(avcodec_open2(context.get(), decoder, nullptr), ("opening the " + setup.decoder + " decoder").c_str());
    return context;
}

CodecContextPtr openEncoder(const AudioTranscoder::Setup& setup) {
    if (setup.channels != 1 && setup.channels != 2) throw TranscodeError("the transcoder writes 1 or 2 channels");
    if (setup.sampleFormat != AV_SAMPLE_FMT_FLT && setup.sampleFormat != AV_SAMPLE_FMT_FLTP)
        throw TranscodeError("the transcoder feeds encoders 32-bit float samples only");
    const AVCodec* encoder = avcodec_find_encoder_by_name(setup.encoder.c_str());
    if (!encoder) throw TranscodeError("this FFmpeg has no " + setup.encoder + " encoder");
    CodecContextPtr context(avcodec_alloc_context3(encoder));
    if (!context) throw TranscodeError("out of memory opening the " + setup.encoder + " encoder");
    context->sample_rate = setup.outputRate;
    context->sample_fmt = static_cast<AVSampleFormat>(setup.sampleFormat);
    av_channel_layout_default(&context->ch_layout, setup.channels);
    context->bit_rate = setup.bitrate;
    context->time_base = {1, setup.outputRate};
    context->thread_count = 1;
    // The decoder configuration (an AAC AudioSpecificConfig) goes in extradata, not in band.
    context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary* settings = nullptr;
    for (const auto& [key, value] : setup.encoderOptions) av_dict_set(&settings, key.c_str(), value.c_str(), 0);
    const int opened = avcodec_open2(context.get(), encoder, &settings);
    av_dict_free(&settings);
    check(opened, ("opening the " + setup.encoder + " encoder").c_str());
    if (context->frame_size != setup.frameSize)
        throw TranscodeError("the " + setup.encoder + " encoder did not take frames of " + std::to_string(setup.frameSize) + " samples");
    return context;
}

}  // namespace

class AudioTranscoder::Impl {
public:
    explicit Impl(Setup setup)
        : _setup(std::move(setup)),
          _decoder(openDecoder(_setup)),
          _encoder(openEncoder(_setup)),
          _fifo(av_audio_fifo_alloc(format(), _setup.channels, 2 * _setup.frameSize)),
          _packet(av_packet_alloc()),
          _decoded(av_frame_alloc()),
          _encoded(av_packet_alloc()) {
        if (!_fifo || !_packet || !_decoded || !_encoded) throw TranscodeError("out of memory starting the audio transcoder");
    }

    std::vector<EncodedAudio> push(std::string_view input, MediaTime pts) {
        if (_flushed) throw TranscodeError("the audio transcoder was already flushed");
        std::vector<EncodedAudio> out;
        // An AAC frame holds at most 6144 bits a channel, an Opus packet at most 1275 bytes a frame.
        if (input.empty() || input.size() > kMaxInputFrame) {
            ++_dropped;
            return out;
        }
        av_packet_unref(_packet.get());
        check(av_new_packet(_packet.get(), static_cast<int>(input.size())), "allocating a packet");
        std::memcpy(_packet->data, input.data(), input.size());
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

    std::vector<EncodedAudio> flush() {
        std::vector<EncodedAudio> out;
        if (_flushed) return out;
        _flushed = true;
        finishRun(out);
        return out;
    }

    std::size_t dropped() const { return _dropped; }
    std::size_t resyncs() const { return _resyncs; }

private:
    /// One decoded frame: start or continue the run, resample, encode what fills whole frames.
    void take(const AVFrame& frame, std::optional<MediaTime> pts, std::vector<EncodedAudio>& out) {
        if (frame.nb_samples <= 0 || frame.sample_rate <= 0) return;
        const bool formatChanged = _resampler && (frame.sample_rate != _inputRate || frame.format != _inputFormat ||
                                                  av_channel_layout_compare(&frame.ch_layout, &_inputLayout) != 0);
        if (!_running) {
            startRun(pts.value_or(MediaTime{0, _setup.outputRate}), frame.sample_rate);
        } else if (pts && (formatChanged || (offTimeline(*pts) && mayResync()))) {
            finishRun(out);
            // A fresh encoder, so the new run's first packet starts at its own
            // time: a running one would stamp the lookahead across the jump with the old timeline.
            _encoder = openEncoder(_setup);
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

    /// A new run costs a new encoder: at most one per second of audio, so a
    /// publisher whose timestamps jump on every packet cannot make every packet
    /// cost one (between resyncs the samples keep counting the time).
    bool mayResync() const { return _inputSamples >= _inputRate; }

    /// Whether the input's time left the time its samples add up to.
    bool offTimeline(MediaTime pts) const {
        // Where the samples say this frame starts (the run's first time plus the
        // samples since, at their own rate) against where its timestamp says.
        const std::int64_t sinceStart = microsecondsBetween(_runInput, pts);
        const std::int64_t bySamples = static_cast<std::int64_t>(static_cast<__int128>(_inputSamples) * 1'000'000 / _inputRate);
        const std::int64_t off = sinceStart - bySamples;
        const std::int64_t allowed = std::chrono::duration_cast<std::chrono::microseconds>(_setup.resyncAfter).count();
        return off > allowed || off < -allowed;
    }

    void startRun(MediaTime pts, int inputRate) {
        std::int64_t origin = pts.nearestAt(_setup.outputRate);
        // The last run's packets end a frame after its samples (the drained
        // lookahead): the new one starts after that, so times only move forward.
        if (_everRan) origin = std::max(origin, _runOrigin + _runSamples + _setup.frameSize);
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
    void finishRun(std::vector<EncodedAudio>& out) {
        if (!_running) return;
        if (_resampler) resample(nullptr, 0);
        const int partial = av_audio_fifo_size(_fifo.get()) % _setup.frameSize;
        if (partial != 0) {
            const int missing = _setup.frameSize - partial;
            std::vector<float> silence;
            std::uint8_t* planes[2];
            planesOf(silence, missing, planes);
            check(av_audio_fifo_write(_fifo.get(), reinterpret_cast<void**>(planes), missing), "buffering silence");
        }
        encodeWholeFrames(out);
        check(avcodec_send_frame(_encoder.get(), nullptr), "draining the encoder");
        receivePackets(out);
        _running = false;
    }

    void openResampler(const AVFrame& frame) {
        AVChannelLayout outLayout;
        av_channel_layout_default(&outLayout, _setup.channels);
        SwrContext* context = nullptr;
        check(swr_alloc_set_opts2(&context, &outLayout, format(), _setup.outputRate, const_cast<AVChannelLayout*>(&frame.ch_layout),
                                  static_cast<AVSampleFormat>(frame.format), frame.sample_rate, 0, nullptr),
              "configuring the resampler");
        _resampler.reset(context);
        check(swr_init(_resampler.get()), "starting the resampler");
        _inputFormat = frame.format;
        av_channel_layout_uninit(&_inputLayout);
        check(av_channel_layout_copy(&_inputLayout, &frame.ch_layout), "copying a channel layout");
    }

    /// Converts samples (nullptr: drain) into the FIFO at the output rate.
    void resample(const std::uint8_t** input, int samples) {
        const int capacity = swr_get_out_samples(_resampler.get(), samples);
        if (capacity <= 0) return;
        std::uint8_t* planes[2];
        planesOf(_scratch, capacity, planes);
        const int converted = check(swr_convert(_resampler.get(), planes, capacity, input, samples), "resampling");
        if (converted == 0) return;
        check(av_audio_fifo_write(_fifo.get(), reinterpret_cast<void**>(planes), converted), "buffering resampled audio");
    }

    void encodeWholeFrames(std::vector<EncodedAudio>& out) {
        while (av_audio_fifo_size(_fifo.get()) >= _setup.frameSize) {
            FramePtr frame(av_frame_alloc());
            if (!frame) throw TranscodeError("out of memory encoding audio");
            frame->nb_samples = _setup.frameSize;
            frame->format = format();
            frame->sample_rate = _setup.outputRate;
            check(av_channel_layout_copy(&frame->ch_layout, &_encoder->ch_layout), "copying a channel layout");
            check(av_frame_get_buffer(frame.get(), 0), "allocating an audio frame");
            check(av_audio_fifo_read(_fifo.get(), reinterpret_cast<void**>(frame->data), _setup.frameSize), "reading buffered audio");
            frame->pts = _runOrigin + _runSamples;
            _runSamples += _setup.frameSize;
            check(avcodec_send_frame(_encoder.get(), frame.get()), "encoding audio");
            receivePackets(out);
        }
    }

    void receivePackets(std::vector<EncodedAudio>& out) {
        while (true) {
            const int received = avcodec_receive_packet(_encoder.get(), _encoded.get());
            if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return;
            check(received, "encoding audio");
            EncodedAudio frame;
            frame.data.assign(reinterpret_cast<const char*>(_encoded->data), static_cast<std::size_t>(_encoded->size));
            frame.pts = MediaTime{_encoded->pts, _setup.outputRate};
            // What the packet decodes to: the encoder shortens the duration of
            // its last one to the real audio, but stream time advances by whole frames.
            frame.samples = _setup.frameSize;
            out.push_back(std::move(frame));
            av_packet_unref(_encoded.get());
        }
    }

    Setup _setup;
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
    std::string encoderConfig() const {
        if (!_encoder->extradata || _encoder->extradata_size <= 0) return {};
        return std::string(reinterpret_cast<const char*>(_encoder->extradata), static_cast<std::size_t>(_encoder->extradata_size));
    }

private:
    AVSampleFormat format() const { return static_cast<AVSampleFormat>(_setup.sampleFormat); }

    /// Points `planes` into `buffer`, sized for `samples` of every channel: one
    /// plane per channel for a planar format, one interleaved plane otherwise.
    void planesOf(std::vector<float>& buffer, int samples, std::uint8_t** planes) const {
        buffer.assign(static_cast<std::size_t>(samples) * _setup.channels, 0.0f);
        const bool planar = av_sample_fmt_is_planar(format());
        for (int channel = 0; channel < (planar ? _setup.channels : 1); ++channel)
            planes[channel] = reinterpret_cast<std::uint8_t*>(buffer.data() + static_cast<std::size_t>(channel) * samples);
    }
};

AudioTranscoder::AudioTranscoder(Setup setup) : _impl(std::make_unique<Impl>(std::move(setup))) {}
AudioTranscoder::~AudioTranscoder() = default;

std::vector<EncodedAudio> AudioTranscoder::push(std::string_view input, MediaTime pts) { return _impl->push(input, pts); }
std::vector<EncodedAudio> AudioTranscoder::flush() { return _impl->flush(); }
std::size_t AudioTranscoder::droppedFrames() const { return _impl->dropped(); }
std::size_t AudioTranscoder::resyncs() const { return _impl->resyncs(); }
std::string AudioTranscoder::encoderConfig() const { return _impl->encoderConfig(); }

}  // namespace sockstream::webrtc
