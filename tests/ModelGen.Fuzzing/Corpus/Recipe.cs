using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ModelGen.Fuzzing.Corpus
{
    /// <summary>
    /// One saved failure as the way to rebuild it: seed model, campaign seed, mutant index (ModelMutator.Create), plus
    /// the mutator kind, how, and what went wrong when it was found, for a reader. A line of Corpus/*.tsv.
    /// </summary>
    public sealed record Recipe(string SeedModel, int Seed, int Index, string Kind, string How, string Found)
    {
        public const string Header = "# seed-model\tseed\tindex\tkind\thow\tfound (a failure when found; replay checks it is fixed)";

        public string ToLine() => string.Join("\t", SeedModel, Seed.ToString(CultureInfo.InvariantCulture), Index.ToString(CultureInfo.InvariantCulture), Kind, Clean(How), Clean(Found));

        public static Recipe? Parse(string line)
        {
            if (line.Length == 0 || line[0] == '#') return null;
            var c = line.Split('\t');
            if (c.Length < 3) throw new FormatException("a recipe line has at least seed-model, seed and index: " + line);
            return new Recipe(c[0], int.Parse(c[1], CultureInfo.InvariantCulture), int.Parse(c[2], CultureInfo.InvariantCulture),
                c.Length > 3 ? c[3] : "", c.Length > 4 ? c[4] : "", c.Length > 5 ? c[5] : "");
        }

        public static IReadOnlyList<Recipe> ReadAll(string directory) =>
            !Directory.Exists(directory) ? Array.Empty<Recipe>() :
            Directory.GetFiles(directory, "*.tsv").OrderBy(p => p, StringComparer.Ordinal)
                .SelectMany(File.ReadAllLines).Select(Parse).Where(r => r != null).Select(r => r!).ToList();

        private static string Clean(string text)
        {
            string one = text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            return one.Length > 300 ? one.Substring(0, 300) + "..." : one;
        }
    }
}
