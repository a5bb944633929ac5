package dev.echollama.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import dev.echollama.BadInputException;
import dev.echollama.InferenceException;
import dev.echollama.speech.SpeechSynthesizer;
import dev.echollama.speech.SpeechSynthesizerProvider;
import dev.echollama.spi.Availability;
import dev.echollama.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeTTS, a pure-Java diphone synthesizer whose US English male voice {@code kevin16} (16 kHz) ships inside its
 * jar: the embedded default that works everywhere, robotic but intelligible.
 *
 * <p>Options ({@link ProviderConfig#option}):
 * <ul>
 *   <li>{@value #VOICE}: {@code kevin16} (default, 16 kHz) or {@code kevin} (8 kHz);</li>
 *   <li>{@value #RATE}: speaking rate in words per minute, 50 to 500 (FreeTTS's default is 150);</li>
 *   <li>{@value #PITCH}: base pitch in Hz, 40 to 400 (the voice's own default is 100);</li>
 *   <li>{@value #NORMALIZE}: {@code true} (default) to pass text through {@link SpeechText#normalize} first.</li>
 * </ul>
 * The synthesizer never opens a sound device: audio is captured in memory.
 */
public final class FreeTtsSynthesizerProvider implements SpeechSynthesizerProvider {
    public static final String NAME = "freetts";
    public static final String VOICE = "freetts.voice";
    public static final String RATE = "freetts.rate";
    public static final String PITCH = "freetts.pitch";
    public static final String NORMALIZE = "freetts.normalize";
    static final String DEFAULT_VOICE = "kevin16";

    /** Public for {@link java.util.ServiceLoader}; does no work. */
    public FreeTtsSynthesizerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String description() {
        return "FreeTTS 1.2.2, pure Java, embedded US English voice kevin16 (16 kHz); no model download";
    }

    @Override
    public Availability availability(ProviderConfig config) {
        try {
            Class.forName("com.sun.speech.freetts.Voice", false, getClass().getClassLoader());
            if (getClass().getClassLoader().getResource("com/sun/speech/freetts/en/us/cmu_us_kal/cmu_us_kal16.bin")
                    == null) {
                return Availability.no("the FreeTTS jar on the class path has no kevin16 voice data; use "
                        + "net.sf.sociaal:freetts:1.2.2");
            }
            String voice = config.option(VOICE).orElse(DEFAULT_VOICE);
            if (!voice.equals("kevin16") && !voice.equals("kevin")) {
                return Availability.no("FreeTTS voice '" + voice + "' is not bundled; choose kevin16 or kevin");
            }
            return Availability.yes("embedded voice " + voice);
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("FreeTTS is not on the class path; add net.sf.sociaal:freetts:1.2.2 (" + e + ")");
        } catch (RuntimeException e) {
            return Availability.no("FreeTTS availability check failed: " + e);
        }
    }

    @Override
    public SpeechSynthesizer create(ProviderConfig config) {
        String name = config.option(VOICE).orElse(DEFAULT_VOICE);
        double rate = config.doubleOption(RATE).orElse(Double.NaN);
        double pitch = config.doubleOption(PITCH).orElse(Double.NaN);
        if (!Double.isNaN(rate) && !(rate >= 50 && rate <= 500)) {
            throw new BadInputException("option " + RATE + " must be 50 to 500 words per minute, got " + rate);
        }
        if (!Double.isNaN(pitch) && !(pitch >= 40 && pitch <= 400)) {
            throw new BadInputException("option " + PITCH + " must be 40 to 400 Hz, got " + pitch);
        }
        boolean normalize = booleanOption(config, NORMALIZE, true);
        Voice voice = findVoice(name);
        CapturePlayer player = new CapturePlayer();
        // Set before allocate(): otherwise FreeTTS creates its default player, which opens a sound card.
        voice.setAudioPlayer(player);
        try {
            voice.allocate();
        } catch (RuntimeException | LinkageError e) {
            throw new InferenceException("FreeTTS could not load voice " + name + ": " + e, e);
        }
        if (!Double.isNaN(rate)) {
            voice.setRate((float) rate);
        }
        if (!Double.isNaN(pitch)) {
            voice.setPitch((float) pitch);
        }
        return new FreeTtsSynthesizer(voice, player, normalize);
    }

    private static Voice findVoice(String name) {
        // The voice directory is used directly instead of VoiceManager, which reads the global system property
        // freetts.voices and would make this provider depend on JVM-wide settings.
        List<String> names = new ArrayList<>();
        for (Voice v : new KevinVoiceDirectory().getVoices()) {
            if (v.getName().equals(name)) {
                return v;
            }
            names.add(v.getName());
        }
        throw new BadInputException("option " + VOICE + ": FreeTTS has no voice '" + name + "'; bundled voices: "
                + names);
    }

    static boolean booleanOption(ProviderConfig config, String key, boolean fallback) {
        String v = config.option(key).orElse(null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new BadInputException("option " + key + " must be true or false, got '" + v + "'");
        };
    }
}
