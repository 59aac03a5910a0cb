using System.Collections.Generic;
using ModelGen.Compiler.Reading;

namespace ModelGen.Benchmarks
{
    /// <summary>What kind of work a model is, for the GFLOP/s and percent-of-peak columns (only GEMM and Conv rows get them).</summary>
    internal enum WorkKind
    {
        Other,
        Gemm,
        Conv,
    }

    /// <summary>
    /// One model to benchmark: its .onnx bytes and one set of input values (in the graph's input order), both runtimes
    /// get the same bytes and the same values. <see cref="Flops"/> is the multiply-add count ×2 for GEMM and Conv rows.
    /// </summary>
    internal sealed class BenchModel
    {
        public BenchModel(string name, byte[] bytes, IReadOnlyList<TensorFileData> inputs, WorkKind kind = WorkKind.Other, double flops = 0, string source = "")
        {
            Name = name;
            Bytes = bytes;
            Inputs = inputs;
            Kind = kind;
            Flops = flops;
            Source = source;
        }

        /// <summary>The row's name in the tables and for --only.</summary>
        public string Name { get; }

        public byte[] Bytes { get; }

        public IReadOnlyList<TensorFileData> Inputs { get; }

        public WorkKind Kind { get; }

        /// <summary>Floating-point operations of one run (2 per multiply-add); 0 when not counted.</summary>
        public double Flops { get; }

        /// <summary>Where the model comes from, for the report ("synthetic MatMul [1024,1024]x[1024,1024]", a shared model's folder).</summary>
        public string Source { get; }
    }
}
