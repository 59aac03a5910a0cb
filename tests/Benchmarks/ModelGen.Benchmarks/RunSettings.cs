namespace ModelGen.Benchmarks
{
    /// <summary>How long each row samples, from --seconds and --quick.</summary>
    internal sealed class RunSettings
    {
        /// <summary>Untimed runs of each runtime for this long before a row's first sample (at least one run each).</summary>
        public double WarmupSeconds { get; init; } = 1.0;

        /// <summary>A row stops sampling once it has <see cref="MinRounds"/> rounds and has spent this long.</summary>
        public double RowSeconds { get; init; } = 10;

        public int MinRounds { get; init; } = 7;

        public int MaxRounds { get; init; } = 1000;

        /// <summary>Constructions of each runtime per model after the first (the median of these is the table's figure).</summary>
        public int ConstructionSamples { get; init; } = 5;

        /// <summary>False: ORT's sessions get session.intra_op.allow_spinning = 0 (see <see cref="OrtSide.Options"/>).</summary>
        public bool OrtSpin { get; init; } = true;

        /// <summary>The smoke-run settings: a short warm-up (tiered JIT has not finished: figures are not to be quoted), five rounds, one construction after the first.</summary>
        public static RunSettings Quick(bool ortSpin) => new RunSettings { WarmupSeconds = 0.2, RowSeconds = 0, MinRounds = 5, MaxRounds = 5, ConstructionSamples = 1, OrtSpin = ortSpin };

        public static RunSettings Full(double rowSeconds, bool ortSpin) => new RunSettings { RowSeconds = rowSeconds, OrtSpin = ortSpin };
    }
}
