using System.Collections.Generic;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// An ONNX sequence as the build sees it: no sequence exists at run time, because the sequence ops rewrite
    /// into tensor nodes (SequenceAt becomes an Identity of the element, ConcatFromSequence a Concat...). So the
    /// build must know which tensor values the sequence holds, in order. <see cref="Elements"/> is null when only
    /// the length is known (a SplitToSequence whose part count depends on a run-time 'split'): then only
    /// SequenceLength can read it, and <see cref="ElementsUnknownBecause"/> says why the others cannot.
    /// </summary>
    public sealed class BuildTimeSequence
    {
        public BuildTimeSequence(IReadOnlyList<Value> elements)
        {
            Elements = elements;
            Length = Dim.Of(elements.Count);
        }

        public BuildTimeSequence(Dim length, string elementsUnknownBecause)
        {
            Length = length;
            ElementsUnknownBecause = elementsUnknownBecause;
        }

        public IReadOnlyList<Value>? Elements { get; }

        public Dim Length { get; }

        public string? ElementsUnknownBecause { get; }
    }
}
