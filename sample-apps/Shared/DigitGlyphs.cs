using System;
using System.Text;

namespace ModelGen.Samples
{
    /// <summary>
    /// Renders the digits 0-9 as 16×16 grayscale images from a built-in 5×7 bitmap font, drawn at twice its size,
    /// with a random shift of up to ±2 pixels each way, a random stroke intensity and additive noise.
    /// Pixels are floats in [0, 1], row-major, laid out as [1, 16, 16] (one channel).
    /// </summary>
    public static class DigitGlyphs
    {
        /// <summary>Width and height of an image in pixels.</summary>
        public const int Size = 16;

        /// <summary>Pixels in one image (1 × 16 × 16).</summary>
        public const int PixelCount = Size * Size;

        /// <summary>Largest shift, in pixels, in each direction.</summary>
        public const int MaxShift = 2;

        private const int GlyphWidth = 5;
        private const int GlyphHeight = 7;
        private const int Scale = 2;

        // The classic 5×7 font; '#' is ink.
        private static readonly string[][] Font =
        {
            new[] { ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###." },
            new[] { "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###." },
            new[] { ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####" },
            new[] { "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###." },
            new[] { "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#." },
            new[] { "#####", "#....", "####.", "....#", "....#", "#...#", ".###." },
            new[] { "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###." },
            new[] { "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..." },
            new[] { ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###." },
            new[] { ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.." },
        };

        /// <summary>
        /// Draws one image of <paramref name="digit"/> into <paramref name="destination"/> (256 floats),
        /// taking its shift, intensity and noise from <paramref name="rng"/>.
        /// </summary>
        public static void Render(int digit, SplitMix64 rng, Span<float> destination)
        {
            if ((uint)digit > 9) throw new ArgumentOutOfRangeException(nameof(digit));
            if (rng is null) throw new ArgumentNullException(nameof(rng));
            if (destination.Length < PixelCount) throw new ArgumentException("Needs room for 256 pixels.", nameof(destination));

            // The 10×14 glyph sits at (3, 1) in the 16×16 frame; shifts may push one row or column off the edge.
            int left = (Size - GlyphWidth * Scale) / 2 + rng.NextInt(-MaxShift, MaxShift);
            int top = (Size - GlyphHeight * Scale) / 2 + rng.NextInt(-MaxShift, MaxShift);
            float ink = rng.NextFloat(0.4f, 1.0f);
            const float noise = 0.35f;

            string[] glyph = Font[digit];
            for (int y = 0; y < Size; y++)
            {
                int gy = y - top;
                for (int x = 0; x < Size; x++)
                {
                    int gx = x - left;
                    bool on = gx >= 0 && gy >= 0 && gx < GlyphWidth * Scale && gy < GlyphHeight * Scale
                        && glyph[gy / Scale][gx / Scale] == '#';
                    float v = (on ? ink : 0f) + rng.NextFloat(-noise, noise);
                    destination[y * Size + x] = v < 0f ? 0f : v > 1f ? 1f : v;
                }
            }
        }

        /// <summary>A few lines of text that picture an image, darker pixels as denser characters.</summary>
        public static string ToAscii(ReadOnlySpan<float> pixels)
        {
            const string ramp = " .:-=+*#%@";
            var sb = new StringBuilder((Size + 1) * Size);
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    float v = pixels[y * Size + x];
                    int i = (int)(v * (ramp.Length - 1) + 0.5f);
                    sb.Append(ramp[i < 0 ? 0 : i >= ramp.Length ? ramp.Length - 1 : i]);
                }
                sb.Append('\n');
            }
            return sb.ToString();
        }
    }
}
