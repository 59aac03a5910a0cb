using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops
{
    /// <summary>
    /// What an op's inference sees: the node, its inputs' types, shapes and build-time values, typed attribute
    /// access with the schema's defaults, run-time symbols for data-dependent dims, and a way to report
    /// problems that name the node. Input counts and element types were already checked against the schema.
    /// </summary>
    internal sealed class InferContext
    {
        private readonly ProblemBag _problems;

        public InferContext(Node node, ProblemBag problems)
        {
            Node = node;
            _problems = problems;
        }

        public Node Node { get; }
        /// <summary>The opset the model imports for the node's domain.</summary>
        public int Opset => Node.OpsetVersion;
        /// <summary>The op revision in effect (its newest since-version at or below <see cref="Opset"/>).</summary>
        public int Revision => Node.Revision;
        internal ProblemBag Problems => _problems;

        /// <summary>False once this node reported an error.</summary>
        public bool Ok { get; private set; } = true;

        // ---- attributes ---------------------------------------------------------------------------------

        /// <summary>The node's value of <paramref name="attribute"/>, or the schema's default. Kinds were checked at resolution.</summary>
        public T Get<T>(Attr<T> attribute) =>
            Node.Attributes.TryGetValue(attribute.Name, out var a) && attribute.AppliesTo(Revision) ? attribute.Read(a) : attribute.Default;

        public bool Has(AttributeSpec attribute) => Node.Attributes.ContainsKey(attribute.Name) && attribute.AppliesTo(Revision);

        // ---- inputs and outputs -------------------------------------------------------------------------

        /// <summary>Inputs up to the last present one (trailing omitted optional inputs do not count).</summary>
        public int InputCount
        {
            get
            {
                int n = Node.Inputs.Count;
                while (n > 0 && Node.Inputs[n - 1] == null) n--;
                return n;
            }
        }

        public bool HasInput(int i) => Node.Input(i) != null;
        public Value In(int i) => Node.Inputs[i]!;
        public Shape InShape(int i) => Node.Inputs[i]!.Shape!;
        public ElementType InType(int i) => Node.Inputs[i]!.Type;
        public TensorData? InData(int i) => Node.Input(i)?.Data;

        /// <summary>The elements of an integer input known at build time, as dims (symbolic where they are); null when only run time knows them.</summary>
        public IReadOnlyList<Dim>? InDims(int i) => Node.Input(i)?.KnownDims;

        public bool HasOutput(int i) => Node.Output(i) != null;

        /// <summary>Sets output <paramref name="i"/>'s type and shape (if the node has that output).</summary>
        public void SetOutput(int i, ElementType type, Shape shape)
        {
            var o = Node.Output(i);
            if (o == null) return;
            o.Type = type;
            o.Shape = shape;
        }

        /// <summary>Sets output <paramref name="i"/>'s shape; its type is input 0's.</summary>
        public void SetOutput(int i, Shape shape) => SetOutput(i, InType(0), shape);

        // ---- run-time dims ------------------------------------------------------------------------------

        /// <summary>
        /// A dim this node defines when it runs ("$NonZero_3"), numbered <paramref name="index"/> among its own,
        /// with an upper bound in input dims where one exists (the planner then reserves the bound).
        /// </summary>
        public Dim RuntimeDim(int index, Dim? upperBound) => Node.Scope!.Symbols.Define(Node, index, upperBound).Dim;

        // ---- problems and checks ------------------------------------------------------------------------

        /// <summary>Reports an error about this node and returns false, so callers can write `return c.Fail(...)`.</summary>
        public bool Fail(DiagnosticDescriptorInfo descriptor, string message)
        {
            Ok = false;
            _problems.Add(descriptor, Node.Describe() + ": " + message, Node.Name, Node.OpType);
            return false;
        }

        /// <summary>Marks the node failed for a problem already reported (inside one of its bodies).</summary>
        public void FailQuietly() => Ok = false;

        /// <summary><see cref="Fail"/> for plan-returning code: reports and returns null.</summary>
        public TPlan? Reject<TPlan>(DiagnosticDescriptorInfo descriptor, string message) where TPlan : class
        {
            Fail(descriptor, message);
            return null;
        }

        /// <summary>Normalises a possibly negative axis against <paramref name="rank"/>, reporting out-of-range values.</summary>
        public bool Axis(long axis, int rank, string attribute, out int normalized)
        {
            // Compared as a long: cast first, axis 2^32 would pass as axis 0 (seen while fixing what fuzzing found).
            long n = axis < 0 ? axis + rank : axis;
            normalized = n >= 0 && n < rank ? (int)n : -1;
            if (normalized >= 0) return true;
            return Fail(DiagnosticIds.UnsupportedAttribute, attribute + "=" + axis + " is out of range for rank " + rank + ".");
        }

        /// <summary>
        /// Checks that an input holding a list (axes, a target shape, split sizes) is 1-D with a build-time length,
        /// reporting MG0201 or MG0202 naming <paramref name="what"/> otherwise; a rank-2 list used to end in MG0901
        /// "returned no plan and reported nothing" (found by fuzzing).
        /// </summary>
        public bool StaticLength(Shape s, string what)
        {
            if (s.Rank != 1) return Fail(DiagnosticIds.ShapeMismatch, "the input giving " + what + " must be 1-D; it has shape " + s + ".");
            return Static(s[0], what);
        }

        /// <summary>Checks that a dim is static (a build-time number); reports MG0202 naming <paramref name="what"/> otherwise.</summary>
        public bool Static(Dim d, string what)
        {
            if (d.IsStatic) return true;
            return Fail(DiagnosticIds.DynamicShape, what + " is " + d + "; this op needs it as a build-time number (pin the dim with Dims metadata).");
        }

        /// <summary>The integer values of input <paramref name="i"/> as longs when they are all static build-time numbers, else null (no report).</summary>
        public long[]? StaticInts(int i)
        {
            var dims = InDims(i);
            return dims != null && dims.All(d => d.IsStatic) ? dims.Select(d => d.Value).ToArray() : null;
        }
    }
}
