using System.Collections.Generic;

namespace ModelGen.Benchmarks
{
    /// <summary>One model at one thread count: the agreement check, then (when it agreed) both runtimes' samples in ms per run.</summary>
    internal sealed class RowResult
    {
        public RowResult(BenchModel model, int threads, OutputAgreement agreement, IReadOnlyList<double> modelGenMs, IReadOnlyList<double> ortMs,
            int modelGenRunsPerSample, int ortRunsPerSample, bool modelGenAllocatesOutputs)
        {
            Model = model;
            Threads = threads;
            Agreement = agreement;
            ModelGenMs = modelGenMs;
            OrtMs = ortMs;
            ModelGenRunsPerSample = modelGenRunsPerSample;
            OrtRunsPerSample = ortRunsPerSample;
            ModelGenAllocatesOutputs = modelGenAllocatesOutputs;
        }

        public BenchModel Model { get; }
        public int Threads { get; }
        public OutputAgreement Agreement { get; }

        /// <summary>Empty when the outputs disagreed: such a row is not timed.</summary>
        public IReadOnlyList<double> ModelGenMs { get; }
        public IReadOnlyList<double> OrtMs { get; }
        public int ModelGenRunsPerSample { get; }
        public int OrtRunsPerSample { get; }
        public bool ModelGenAllocatesOutputs { get; }

        public bool Timed => ModelGenMs.Count > 0 && OrtMs.Count > 0;
        public double ModelGenMedian => Stats.Median(ModelGenMs);
        public double OrtMedian => Stats.Median(OrtMs);
        public double ModelGenP90 => Stats.P90(ModelGenMs);
        public double OrtP90 => Stats.P90(OrtMs);

        /// <summary>Below 1: ModelGen is faster.</summary>
        public double Ratio => ModelGenMedian / OrtMedian;
    }

    /// <summary>
    /// One model's construction: ModelGen's new instance + first Run against ORT's new InferenceSession + first Run,
    /// in ms; <see cref="ModelGenFirst"/> and <see cref="OrtFirst"/> are the first of each in this process.
    /// </summary>
    internal sealed class ConstructionResult
    {
        public ConstructionResult(BenchModel model, double modelGenFirst, double ortFirst, IReadOnlyList<double> modelGenMs, IReadOnlyList<double> ortMs, double compileMs)
        {
            Model = model;
            ModelGenFirst = modelGenFirst;
            OrtFirst = ortFirst;
            ModelGenMs = modelGenMs;
            OrtMs = ortMs;
            CompileMs = compileMs;
        }

        public BenchModel Model { get; }
        public double ModelGenFirst { get; }
        public double OrtFirst { get; }
        public IReadOnlyList<double> ModelGenMs { get; }
        public IReadOnlyList<double> OrtMs { get; }

        /// <summary>ModelGen's build-time work (ONNX → C# → assembly in memory), for the record: a user pays it at build time.</summary>
        public double CompileMs { get; }

        public double ModelGenMedian => Stats.Median(ModelGenMs);
        public double OrtMedian => Stats.Median(OrtMs);
        public double Ratio => ModelGenMedian / OrtMedian;
    }
}
