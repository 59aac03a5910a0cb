using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ModelGen.Benchmarks
{
    /// <summary>The command line: --out PATH, --shared DIR, --threads 1,all, --seconds S, --only NAME[,NAME], --quick.</summary>
    internal sealed class BenchOptions
    {
        public const string Usage =
            "usage: dotnet run -c Release --project tests/Benchmarks/ModelGen.Benchmarks -- [--out PATH] [--shared DIR] [--threads 1,all] [--seconds S] [--only NAME[,NAME]] [--quick] [--ort-no-spin]\n" +
            "  --out      the markdown file to write [default: docs/benchmarks.md in the repository]\n" +
            "  --shared   the shared data folder holding models/ [default: ../shared beside the repository]\n" +
            "  --threads  thread counts, comma separated; 'all' is every core [default: 1,all]\n" +
            "  --seconds  sampling time per row, after its warm-up [default: 10]\n" +
            "  --only     only these models (names as in the tables)\n" +
            "  --quick    a smoke run: 0.2 s of warm-up, 5 rounds per row; the file says so\n" +
            "  --ort-no-spin  ORT sessions with session.intra_op.allow_spinning = 0 (its idle workers then do not spin after a run)";

        public string OutPath { get; private set; } = "";
        public string SharedDir { get; private set; } = "";
        public IReadOnlyList<int> Threads { get; private set; } = Array.Empty<int>();
        public double Seconds { get; private set; } = 10;
        public IReadOnlySet<string>? Only { get; private set; }
        public bool Quick { get; private set; }
        public bool OrtNoSpin { get; private set; }

        /// <summary>The arguments as given, for the command line the report prints.</summary>
        public IReadOnlyList<string> Arguments { get; private set; } = Array.Empty<string>();

        public RunSettings Settings => Quick ? RunSettings.Quick(!OrtNoSpin) : RunSettings.Full(Seconds, !OrtNoSpin);

        /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the reason on a bad command line.</summary>
        public static BenchOptions Parse(IReadOnlyList<string> args, string repoRoot)
        {
            var o = new BenchOptions
            {
                OutPath = Path.Combine(repoRoot, "docs", "benchmarks.md"),
                SharedDir = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared")),
                Threads = ParseThreads("1,all"),
                Arguments = args.ToArray(),
            };
            for (int i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
                switch (args[i])
                {
                    case "--out": o.OutPath = Path.GetFullPath(Value()); break;
                    case "--shared": o.SharedDir = Path.GetFullPath(Value()); break;
                    case "--threads": o.Threads = ParseThreads(Value()); break;
                    case "--seconds":
                        string text = Value();
                        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds >= 0))
                            throw new ArgumentException("--seconds takes a number of seconds, not '" + text + "'.");
                        o.Seconds = seconds;
                        break;
                    case "--only": o.Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal); break;
                    case "--quick": o.Quick = true; break;
                    case "--ort-no-spin": o.OrtNoSpin = true; break;
                    default: throw new ArgumentException("unknown option '" + args[i] + "'.");
                }
            }
            return o;
        }

        /// <summary>"1,all" → [1, cores]; duplicates dropped (on one core "all" is 1).</summary>
        public static IReadOnlyList<int> ParseThreads(string text)
        {
            var counts = new List<int>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int n = part == "all" ? Environment.ProcessorCount
                    : int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 ? v
                    : throw new ArgumentException("--threads takes positive counts or 'all', not '" + part + "'.");
                if (!counts.Contains(n)) counts.Add(n);
            }
            if (counts.Count == 0) throw new ArgumentException("--threads needs at least one count.");
            return counts;
        }
    }
}
