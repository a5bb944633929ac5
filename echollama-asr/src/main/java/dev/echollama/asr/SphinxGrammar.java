package dev.echollama.asr;

import dev.echollama.BadInputException;
import dev.echollama.spi.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JSGF grammar for Sphinx: the user's file, or one written to a temporary folder from a word list. */
record SphinxGrammar(Path folder, String name, boolean temporary) {
    private static final Pattern DECLARATION = Pattern.compile("grammar\\s+([A-Za-z0-9_.]+)\\s*;");
    private static final Pattern PHRASE = Pattern.compile("[a-z']+( [a-z']+)*");

    /** The grammar the options ask for, or null for language-model mode. */
    static SphinxGrammar from(ProviderConfig config) {
        Optional<String> file = config.option(SphinxTranscriberProvider.GRAMMAR);
        Optional<String> words = config.option(SphinxTranscriberProvider.WORDS);
        if (file.isPresent()) {
            return fromFile(Path.of(file.get()).toAbsolutePath());
        }
        if (words.isPresent()) {
            return fromWords(words.get());
        }
        return null;
    }

    static SphinxGrammar fromFile(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".gram")) {
            throw new BadInputException("option " + SphinxTranscriberProvider.GRAMMAR + " must name a JSGF file "
                    + "NAME.gram, got " + file);
        }
        String name = fileName.substring(0, fileName.length() - ".gram".length());
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read grammar " + file + ": " + e.getMessage(), e);
        }
        Matcher m = DECLARATION.matcher(text);
        if (!m.find()) {
            throw new BadInputException("grammar " + file + " has no 'grammar " + name + ";' declaration");
        }
        if (!m.group(1).equals(name)) {
            // Sphinx looks the grammar up by file name and then by declared name; they must agree.
            throw new BadInputException("grammar " + file + " declares 'grammar " + m.group(1) + ";' but Sphinx "
                    + "needs the declared name to match the file name '" + name + "'");
        }
        return new SphinxGrammar(file.getParent(), name, false);
    }

    static SphinxGrammar fromWords(String list) {
        List<String> phrases = new ArrayList<>();
        for (String raw : list.split(",")) {
            String p = raw.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (!PHRASE.matcher(p).matches()) {
                throw new BadInputException("option " + SphinxTranscriberProvider.WORDS + ": '" + raw.trim()
                        + "' is not a phrase of plain words (letters and apostrophes)");
            }
            if (!phrases.contains(p)) {
                phrases.add(p);
            }
        }
        if (phrases.isEmpty()) {
            throw new BadInputException("option " + SphinxTranscriberProvider.WORDS + " lists no words");
        }
        String body = "#JSGF V1.0;\ngrammar words;\npublic <phrase> = " + String.join(" | ", phrases) + " ;\n";
        try {
            Path dir = Files.createTempDirectory("echollama-sphinx-grammar");
            Files.writeString(dir.resolve("words.gram"), body);
            return new SphinxGrammar(dir, "words", true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary grammar: " + e.getMessage(), e);
        }
    }

    /** Sphinx reads the grammar while it loads; the temporary copy is not needed after that. */
    void deleteIfTemporary() {
        if (!temporary) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(name + ".gram"));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // a leftover file in the temporary folder is harmless
        }
    }
}
