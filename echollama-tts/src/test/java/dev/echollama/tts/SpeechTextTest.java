package dev.echollama.tts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected outputs are written out by hand from the rules in SpeechText's contract. */
class SpeechTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            3.5 m                              | three point five metres
            2 km                               | two kilometres
            1 m                                | one metre
            1.0 m                              | one point zero metres
            The door is 0.75 m away.           | The door is zero point seven five metres away.
            a 3m wide road                     | a three metres wide road
            12 cm, 40 kg and 1 kg              | twelve centimetres, forty kilograms and one kilogram
            6 ft                               | six feet
            1 ft                               | one foot
            30 km/h                            | thirty kilometres per hour
            20°C                               | twenty degrees celsius
            5 min                              | five minutes
            3 months                           | three months
            50%                                | fifty percent
            12.5 %                             | twelve point five percent
            1st                                | first
            2nd and 3rd                        | second and third
            the 21st floor                     | the twenty first floor
            101st                              | one hundred first
            12th                               | twelfth
            40th                               | fortieth
            100th                              | one hundredth
            0                                  | zero
            7                                  | seven
            13                                 | thirteen
            45                                 | forty five
            100                                | one hundred
            123                                | one hundred twenty three
            1,234                              | one thousand two hundred thirty four
            1000000                            | one million
            2,000,005                          | two million five
            007                                | zero zero seven
            -5 degrees                         | minus five degrees
            a well-lit room                    | a well-lit room
            11 o'clock                         | eleven o'clock
            at 10:30                           | at ten thirty
            at 10:05 pm                        | at ten oh five p m
            7:00 a.m.                          | seven a m.
            at 9:00 sharp                      | at nine o'clock sharp
            $5                                 | five dollars
            $1                                 | one dollar
            $3.50                              | three dollars and fifty cents
            £2 million                         | two million pounds
            Dr. Smith is here                  | doctor Smith is here
            Ask Dr. Jones.                     | Ask doctor Jones.
            He lives on Sunset Dr. near here   | He lives on Sunset drive near here
            St. Paul's Cathedral               | saint Paul's Cathedral
            It is on Main St.                  | It is on Main street.
            Main St. The bus stops here.       | Main street. The bus stops here.
            221 Baker St. London               | two hundred twenty one Baker street London
            Mount St. Helens                   | Mount saint Helens
            "fruit, e.g. apples"               | fruit, for example apples
            "E.g., a cup"                      | for example, a cup
            "i.e. none"                        | that is none
            approx. 4 m                        | approximately four metres
            "cats, dogs, etc."                 | cats, dogs, et cetera.
            Mr. and Mrs. Lee                   | mister and missus Lee
            Room No. 5                         | Room number five
            a 3D map                           | a three D map
            salt & pepper                      | salt and pepper
            "  spaced\t out   text "           | spaced out text
            """)
    void normalizes(String written, String spoken) {
        assertThat(SpeechText.normalize(written)).isEqualTo(spoken);
    }

    @Test
    void blankAndNullGiveEmptyText() {
        assertThat(SpeechText.normalize(null)).isEmpty();
        assertThat(SpeechText.normalize("   ")).isEmpty();
    }

    @Test
    void plainTextIsUnchanged() {
        String plain = "There is a dog on your left, and a bicycle behind it.";
        assertThat(SpeechText.normalize(plain)).isEqualTo(plain);
    }

    @Test
    void hugeNumbersAreReadDigitByDigit() {
        assertThat(SpeechText.normalize("12345678901234567890"))
                .isEqualTo("one two three four five six seven eight nine zero one two three four five six seven "
                        + "eight nine zero");
    }
}
