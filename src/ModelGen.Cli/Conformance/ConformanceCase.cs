using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ModelGen.Cli.Conformance
{
    /// <summary>One test folder of a suite: model.onnx and its test_data_set_N folders.</summary>
    internal sealed class ConformanceCase
    {
        public ConformanceCase(string suite, string name, string directory, IReadOnlyList<string> dataSets)
        {
            Suite = suite;
            Name = name;
            Directory = directory;
            DataSets = dataSets;
        }

        /// <summary>The suite folder's name ("node").</summary>
        public string Suite { get; }

        /// <summary>The test folder's name ("test_abs").</summary>
        public string Name { get; }

        /// <summary>"node/test_abs": how reports name the test.</summary>
        public string Id => Suite + "/" + Name;

        public string Directory { get; }
        public string ModelPath => Path.Combine(Directory, "model.onnx");

        /// <summary>The test_data_set_N folders, by N.</summary>
        public IReadOnlyList<string> DataSets { get; }
    }

    /// <summary>Finds the test folders of a suite folder (ONNX's backend layout: suite/test_x/model.onnx, suite/test_x/test_data_set_0/).</summary>
    internal static class SuiteScanner
    {
        private const string DataSetPrefix = "test_data_set_";

        /// <summary>
        /// The test folders directly under <paramref name="suiteDir"/> that hold model.onnx and at least one data set, in
        /// ordinal order, that <paramref name="filter"/> matches (searched in the folder name and in "suite/test").
        /// <paramref name="withoutData"/> counts the model folders left out for having no data set.
        /// </summary>
        public static IReadOnlyList<ConformanceCase> Scan(string suiteDir, Regex? filter, out int withoutData)
        {
            withoutData = 0;
            string full = Path.GetFullPath(suiteDir);
            string suite = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var cases = new List<ConformanceCase>();
            foreach (var dir in System.IO.Directory.GetDirectories(full).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (!File.Exists(Path.Combine(dir, "model.onnx"))) continue;
                string name = Path.GetFileName(dir);
                if (filter != null && !filter.IsMatch(name) && !filter.IsMatch(suite + "/" + name)) continue;
                var dataSets = System.IO.Directory.GetDirectories(dir, DataSetPrefix + "*")
                    .Select(d => (Dir: d, N: Index(Path.GetFileName(d))))
                    .Where(d => d.N >= 0)
                    .OrderBy(d => d.N)
                    .Select(d => d.Dir)
                    .ToList();
                if (dataSets.Count == 0)
                {
                    withoutData++;
                    continue;
                }
                cases.Add(new ConformanceCase(suite, name, dir, dataSets));
            }
            return cases;
        }

        private static int Index(string folder) =>
            folder.StartsWith(DataSetPrefix, StringComparison.Ordinal) &&
            int.TryParse(folder.Substring(DataSetPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1;
    }
}
