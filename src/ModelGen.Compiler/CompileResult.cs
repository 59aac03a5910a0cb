using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler
{
    /// <summary>One generated C# file: its hint name ("Mnist.Run.g.cs") and text.</summary>
    public sealed class GeneratedSource : IEquatable<GeneratedSource>
    {
        public GeneratedSource(string hintName, string text)
        {
            HintName = hintName;
            Text = text;
        }

        public string HintName { get; }
        public string Text { get; }

        public bool Equals(GeneratedSource? other) => other != null && HintName == other.HintName && Text == other.Text;
        public override bool Equals(object? obj) => Equals(obj as GeneratedSource);
        public override int GetHashCode() => HintName.GetHashCode() ^ Text.Length;
    }

    /// <summary>What compiling a model produced: sources (empty when it failed) and problems. Immutable and equatable, for incremental caching.</summary>
    public sealed class CompileResult : IEquatable<CompileResult>
    {
        public CompileResult(IReadOnlyList<GeneratedSource> sources, IReadOnlyList<Problem> problems, ModelSummary? summary)
        {
            Sources = sources.ToArray();
            Problems = problems.ToArray();
            Summary = summary;
        }

        public IReadOnlyList<GeneratedSource> Sources { get; }
        public IReadOnlyList<Problem> Problems { get; }
        public ModelSummary? Summary { get; }

        public bool Success => Sources.Count > 0 && Problems.All(p => p.Severity != ProblemSeverity.Error);

        internal static CompileResult Failed(ProblemBag problems) => new CompileResult(Array.Empty<GeneratedSource>(), problems.Items, null);

        public bool Equals(CompileResult? other) =>
            other != null && Sources.SequenceEqual(other.Sources) && Problems.SequenceEqual(other.Problems);

        public override bool Equals(object? obj) => Equals(obj as CompileResult);

        public override int GetHashCode() => Sources.Count * 31 + Problems.Count;
    }

    /// <summary>Figures about a compiled model, for the CLI and reports.</summary>
    public sealed class ModelSummary
    {
        public int Nodes { get; private set; }
        public int Slots { get; private set; }
        public long? ArenaBytes { get; private set; }
        public long? NaiveBytes { get; private set; }
        /// <summary>Bytes of derived weights the load-time stage computes when the first instance is constructed.</summary>
        public long LoadTimeBytes { get; private set; }
        public IReadOnlyList<string> SymbolicDims { get; private set; } = Array.Empty<string>();

        internal static ModelSummary From(Graph g, MemoryPlan plan) => new ModelSummary
        {
            Nodes = g.AllNodes().Count(),
            Slots = plan.Slots.Count,
            ArenaBytes = plan.ArenaBytes,
            NaiveBytes = plan.NaiveBytes,
            LoadTimeBytes = plan.DerivedBytes,
            SymbolicDims = g.Inputs.SelectMany(i => i.Shape!.Dims).SelectMany(d => d.Symbols).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToArray(),
        };
    }
}
