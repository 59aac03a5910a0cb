using System;
using System.Collections.Generic;

namespace ModelGen.Benchmarks
{
    /// <summary>Everything one run measured, for <see cref="Report.Markdown"/>.</summary>
    internal sealed class BenchReport
    {
        public string Command { get; init; } = "";
        public DateTime StartedUtc { get; init; }
        public bool Quick { get; init; }
        public string Cpu { get; init; } = "";
        public int Cores { get; init; }
        public string InstructionSets { get; init; } = "";
        public string Runtime { get; init; } = "";
        public string OrtVersion { get; init; } = "";
        public string LoadBefore { get; init; } = "";
        public string LoadAfter { get; set; } = "";

        /// <summary>One core's fp32 FMA peak at the start and at the end of the run, GFLOP/s, and the vector width.</summary>
        public double PeakStart { get; init; }
        public double PeakEnd { get; set; }
        public int PeakBits { get; init; }

        /// <summary>
        /// The per-core peak the percent columns divide by: the larger of the two measurements. A neighbour on a shared
        /// machine can only lower a measurement, and the mean of 156 and 100 GFLOP/s put ONNX Runtime at 117 % of it.
        /// </summary>
        public double PeakPerCore => System.Math.Max(PeakStart, PeakEnd);

        public int ConstructionSamples { get; init; }
        public bool OrtSpin { get; init; } = true;
        public IReadOnlyList<int> ThreadCounts { get; init; } = Array.Empty<int>();
        public List<RowResult> Rows { get; } = new List<RowResult>();
        public List<ConstructionResult> Constructions { get; } = new List<ConstructionResult>();
        public List<BenchModel> Models { get; } = new List<BenchModel>();

        /// <summary>Lines for what was not measured and why (missing shared data, a model that does not compile).</summary>
        public List<string> Skipped { get; } = new List<string>();
    }
}
