using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// What an op's Infer/Fold sees: the node, its inputs' types, shapes and build-time values,
    /// typed attribute access with ONNX defaults, and a way to report problems that name the node.
    /// </summary>
    internal sealed class InferContext
    {
        private readonly ProblemBag _problems;

        public InferContext(Node node, ProblemBag problems)
        {
            Node = node;
            _problems = problems;
            Attr = new AttributeReader(node, this);
        }

        public Node Node { get; }
        public int Opset => Node.OpsetVersion;
        public AttributeReader Attr { get; }

        /// <summary>False once this node reported an error.</summary>
        public bool Ok { get; private set; } = true;

        public int InputCount => Node.Inputs.Count;
        public bool HasInput(int i) => Node.Input(i) != null;
        public Value In(int i) => Node.Inputs[i]!;
        public Ir.Shape InShape(int i) => Node.Inputs[i]!.Shape!;
        public ElementType InType(int i) => Node.Inputs[i]!.Type;
        public TensorData? InData(int i) => Node.Input(i)?.Data;

        /// <summary>Sets output <paramref name="i"/>'s type and shape (if the node has that output).</summary>
        public void SetOutput(int i, ElementType type, Ir.Shape shape)
        {
            var o = Node.Output(i);
            if (o == null) return;
            o.Type = type;
            o.Shape = shape;
        }

        /// <summary>Per-node data computed by Infer for Emit (resolved pads, strides...).</summary>
        public object? State { get => Node.OpState; set => Node.OpState = value; }

        /// <summary>Asks the planner for a scratch buffer of <paramref name="elements"/> elements, live only while this node runs.</summary>
        public void RequestScratch(ElementType type, Dim elements)
        {
            Node.ScratchType = type;
            Node.ScratchElements = elements;
        }

        /// <summary>Reports an error about this node and returns false, so callers can write `return c.Fail(...)`.</summary>
        public bool Fail(DiagnosticDescriptorInfo descriptor, string message)
        {
            Ok = false;
            _problems.Add(descriptor, Node.Describe() + ": " + message, Node.Name, Node.OpType);
            return false;
        }

        /// <summary>Checks the input count (counting trailing omitted optional inputs as absent).</summary>
        public bool ExpectInputs(int min, int max)
        {
            int n = Node.Inputs.Count;
            while (n > 0 && Node.Inputs[n - 1] == null) n--;
            if (n < min || n > max)
                return Fail(DiagnosticIds.InvalidGraph, "expects " + (min == max ? min.ToString() : min + " to " + max) + " inputs but has " + n + ".");
            for (int i = 0; i < min; i++)
                if (Node.Inputs[i] == null) return Fail(DiagnosticIds.InvalidGraph, "required input " + i + " is empty.");
            return true;
        }

        /// <summary>Checks that input <paramref name="i"/> has one of the allowed element types.</summary>
        public bool ExpectType(int i, IReadOnlyCollection<ElementType> allowed)
        {
            var t = InType(i);
            if (allowed.Contains(t)) return true;
            return Fail(DiagnosticIds.UnsupportedElementType, "input '" + In(i).Name + "' has element type " + ElementTypes.OnnxName(t) +
                ", which this op does not support (supported: " + string.Join(", ", allowed.Select(ElementTypes.OnnxName)) + ").");
        }

        /// <summary>Checks that inputs <paramref name="a"/> and <paramref name="b"/> have the same element type.</summary>
        public bool ExpectSameType(int a, int b)
        {
            if (InType(a) == InType(b)) return true;
            return Fail(DiagnosticIds.InvalidGraph, "inputs '" + In(a).Name + "' (" + ElementTypes.OnnxName(InType(a)) + ") and '" + In(b).Name + "' (" +
                ElementTypes.OnnxName(InType(b)) + ") must have the same element type.");
        }

        /// <summary>Normalises a possibly negative axis against <paramref name="rank"/>, reporting out-of-range values.</summary>
        public bool Axis(long axis, int rank, string attribute, out int normalized)
        {
            normalized = (int)(axis < 0 ? axis + rank : axis);
            if (normalized >= 0 && normalized < rank) return true;
            return Fail(DiagnosticIds.UnsupportedAttribute, attribute + "=" + axis + " is out of range for rank " + rank + ".");
        }

        /// <summary>The value of a constant int64/int32 input (Reshape's shape, Slice's starts...), or a MG0202 problem.</summary>
        public long[]? ConstantInts(int i, string what)
        {
            var d = InData(i);
            if (d != null) return d.AsInt64();
            Fail(DiagnosticIds.DynamicShape, what + " ('" + In(i).Name + "') is computed at run time; ModelGen needs it at build time.");
            return null;
        }
    }
}
