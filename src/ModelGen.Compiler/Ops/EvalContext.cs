using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// What an op's build-time evaluation sees: the node, whose inputs are all known (concretely as
    /// <see cref="TensorData"/>, or as <see cref="DimTensor"/> dim expressions) and whose outputs have static
    /// shapes. Results are set here; data-movement ops only say which input element each output element is.
    /// </summary>
    internal sealed class EvalContext
    {
        public EvalContext(Node node) { Node = node; }

        public Node Node { get; }

        public Value In(int i) => Node.Inputs[i]!;
        public bool HasInput(int i) => Node.Input(i) != null;
        public int InputCount => Node.Inputs.Count;

        /// <summary>True when input <paramref name="i"/> has concrete elements (not dim expressions).</summary>
        public bool IsConcrete(int i) => In(i).Data != null;

        public TensorData Concrete(int i) => In(i).Data!;

        /// <summary>The elements of an integer input as dims (concrete ones as static dims).</summary>
        public IReadOnlyList<Dim> Dims(int i) => In(i).KnownDims!;

        public long[] OutDims(int o) => Node.Outputs[o]!.Shape!.ToStatic();

        public ElementType OutType(int o) => Node.Outputs[o]!.Type;

        public void Set(int o, TensorData data)
        {
            var v = Node.Output(o);
            if (v != null) { v.Data = data; v.Symbolic = null; }
        }

        /// <summary>Sets integer results given as dims: concrete data when every element is static.</summary>
        public void Set(int o, IReadOnlyList<Dim> elements)
        {
            var v = Node.Output(o);
            if (v == null) return;
            var t = new DimTensor(v.Type, OutDims(o), elements);
            if (t.IsStatic) { v.Data = t.ToData(); v.Symbolic = null; }
            else { v.Symbolic = t; v.Data = null; }
        }

        /// <summary>Output <paramref name="o"/>[k] = input <paramref name="input"/>[indices[k]]: a gather of elements, concrete or symbolic.</summary>
        public void Take(int o, int input, IReadOnlyList<long> indices) =>
            Take(o, indices.Select(i => (input, i)).ToArray());

        /// <summary>Output <paramref name="o"/>[k] = input picks[k].input at element picks[k].index (Concat draws from several inputs).</summary>
        public void Take(int o, IReadOnlyList<(int Input, long Index)> picks)
        {
            var inputs = picks.Select(p => p.Input).Distinct().ToList();
            if (inputs.All(IsConcrete))
            {
                var type = OutType(o);
                int size = ElementTypes.SizeOf(type);
                var raw = new byte[picks.Count * size];
                for (int k = 0; k < picks.Count; k++)
                    System.Buffer.BlockCopy(Concrete(picks[k].Input).Raw, (int)picks[k].Index * size, raw, k * size, size);
                Set(o, new TensorData(type, OutDims(o), raw));
                return;
            }
            var elements = new Dim[picks.Count];
            for (int k = 0; k < picks.Count; k++) elements[k] = Dims(picks[k].Input)[(int)picks[k].Index];
            Set(o, elements);
        }
    }
}
