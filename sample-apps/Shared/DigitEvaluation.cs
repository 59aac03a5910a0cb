using System;
using System.Globalization;
using System.IO;

namespace ModelGen.Samples
{
    /// <summary>
    /// Scores a digit classifier on a <see cref="DigitDataset"/> and prints a short report, so the trainer
    /// (with its own C# forward pass) and the Digits app (with the generated model) print the same thing.
    /// </summary>
    public static class DigitEvaluation
    {
        /// <summary>
        /// Runs <paramref name="predict"/> on every image and writes the report to <paramref name="output"/>:
        /// the first <paramref name="shown"/> images as text pictures with their predictions, then the accuracy line.
        /// </summary>
        /// <param name="set">The images, usually <see cref="DigitDataset.CreateTestSet"/>.</param>
        /// <param name="predict">Maps 256 pixels (layout [1, 1, 16, 16]) to 10 class probabilities.</param>
        /// <param name="output">Where the report goes.</param>
        /// <param name="shown">How many leading images to picture.</param>
        /// <returns>The number of images classified correctly.</returns>
        public static int Evaluate(DigitDataset set, Func<float[], float[]> predict, TextWriter output, int shown = 3)
        {
            if (set is null) throw new ArgumentNullException(nameof(set));
            if (predict is null) throw new ArgumentNullException(nameof(predict));
            if (output is null) throw new ArgumentNullException(nameof(output));

            int correct = 0;
            for (int i = 0; i < set.Count; i++)
            {
                float[] probabilities = predict(set.ImageArray(i));
                if (probabilities.Length != 10) throw new InvalidOperationException("Expected 10 probabilities, got " + probabilities.Length + ".");
                int predicted = ArgMax(probabilities);
                if (predicted == set.Labels[i]) correct++;
                if (i < shown)
                {
                    output.Write(DigitGlyphs.ToAscii(set.Image(i)));
                    output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                        "Image {0}: label {1}, predicted {2} (p = {3:F3})", i, set.Labels[i], predicted, probabilities[predicted]));
                    output.WriteLine();
                }
            }
            output.WriteLine(AccuracyLine(correct, set.Count));
            return correct;
        }

        /// <summary>The report's last line, for example "Held-out accuracy: 1996/2000 = 99.80%".</summary>
        public static string AccuracyLine(int correct, int count) =>
            string.Format(CultureInfo.InvariantCulture, "Held-out accuracy: {0}/{1} = {2:F2}%", correct, count, count == 0 ? 0.0 : 100.0 * correct / count);

        /// <summary>The index of the largest value (the first one on ties).</summary>
        public static int ArgMax(float[] values)
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            int best = 0;
            for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
            return best;
        }
    }
}
