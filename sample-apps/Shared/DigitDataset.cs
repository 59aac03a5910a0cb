using System;

namespace ModelGen.Samples
{
    /// <summary>
    /// A deterministic set of generated digit images: <see cref="Count"/> images of 256 pixels each
    /// (layout [Count, 1, 16, 16]) and their labels. The same count and seed always give the same set.
    /// </summary>
    public sealed class DigitDataset
    {
        /// <summary>Seed of the training set DigitsTrainer learns from.</summary>
        public const ulong TrainSeed = 20240601UL;

        /// <summary>Seed of the held-out test set, which the trainer never sees.</summary>
        public const ulong TestSeed = 777_000_001UL;

        /// <summary>Size of the held-out test set used by DigitsTrainer and the Digits app.</summary>
        public const int TestCount = 2000;

        private DigitDataset(float[] pixels, int[] labels)
        {
            Pixels = pixels;
            Labels = labels;
        }

        /// <summary>All pixels, image after image, 256 floats per image.</summary>
        public float[] Pixels { get; }

        /// <summary>The digit each image shows.</summary>
        public int[] Labels { get; }

        /// <summary>Number of images.</summary>
        public int Count => Labels.Length;

        /// <summary>The pixels of image <paramref name="index"/> (layout [1, 16, 16]).</summary>
        public ReadOnlySpan<float> Image(int index) => new ReadOnlySpan<float>(Pixels, index * DigitGlyphs.PixelCount, DigitGlyphs.PixelCount);

        /// <summary>A copy of the pixels of image <paramref name="index"/>, for APIs that want an array.</summary>
        public float[] ImageArray(int index) => Image(index).ToArray();

        /// <summary>Generates <paramref name="count"/> images, each digit drawn at random, from <paramref name="seed"/>.</summary>
        public static DigitDataset Generate(int count, ulong seed)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
            var rng = new SplitMix64(seed);
            var pixels = new float[count * DigitGlyphs.PixelCount];
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                int digit = rng.NextInt(10);
                labels[i] = digit;
                DigitGlyphs.Render(digit, rng, new Span<float>(pixels, i * DigitGlyphs.PixelCount, DigitGlyphs.PixelCount));
            }
            return new DigitDataset(pixels, labels);
        }

        /// <summary>The held-out test set: <see cref="TestCount"/> images from <see cref="TestSeed"/>.</summary>
        public static DigitDataset CreateTestSet() => Generate(TestCount, TestSeed);
    }
}
