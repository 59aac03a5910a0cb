using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Collects differential cases and builds their models: one node (or a few) over graph inputs and initializers,
    /// outputs declared with their element type and no shape, so each runtime infers the shapes itself.
    /// </summary>
    internal sealed class CaseSet
    {
        /// <summary>The opset most cases import: recent enough for every op here, and one ONNX Runtime 1.31 implements fully.</summary>
        public const int DefaultOpset = 21;

        /// <summary>The element types the brief asks for, in table order.</summary>
        public static readonly ElementType[] Candidates =
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int32, ElementType.Int64, ElementType.UInt8, ElementType.Int8, ElementType.Bool,
        };

        /// <summary>Ops whose float16 cases are judged against ORT's float result rounded to half (see <see cref="DiffCase.ReferenceModel"/>).</summary>
        public static readonly IReadOnlyCollection<string> AccumulatingOps = new HashSet<string> { "MatMul", "Gemm", "Conv" };

        /// <summary>
        /// Ops whose float16 results go through several rounded steps in ModelGen (see <see cref="Tolerance.HalfSteps"/>);
        /// Col2Im adds overlapping patches into a float16 image, as ONNX's reference (numpy float16 +=) does.
        /// </summary>
        public static readonly IReadOnlyCollection<string> SteppedHalfOps = new HashSet<string> { "Sum", "Mean", "BatchNormalization", "Col2Im" };

        private readonly List<DiffCase> _cases = new List<DiffCase>();

        public CaseSet(int seed)
        {
            Random = new RandomTensors(seed);
        }

        public RandomTensors Random { get; }

        public IReadOnlyList<DiffCase> Cases => _cases;

        /// <summary>
        /// The candidate types ModelGen's schema allows for <paramref name="op"/>'s constraint (that of its first input by
        /// default), plus <paramref name="extra"/> ones the schema also allows; ONNX Runtime's gaps are found by running.
        /// </summary>
        public static IReadOnlyList<ElementType> TypesOf(string op, string? constraint = null, params ElementType[] extra)
        {
            var schema = (OpRegistry.Find("", op) ?? throw new ArgumentException("no op " + op + " in OpRegistry")).Schema;
            var allowed = schema.TypeConstraints[constraint ?? schema.Inputs[0].Constraint];
            return Candidates.Concat(extra).Where(allowed.Contains).Distinct().ToList();
        }

        /// <summary>A model of one node <paramref name="op"/> over <paramref name="tensors"/> (inputs and initializers, in node-input order).</summary>
        public void Node(string family, string op, ElementType type, string variant, IReadOnlyList<DiffTensor> tensors, ElementType[] outputTypes,
            Action<OnnxAttributeBuilder>? attributes = null, int opset = DefaultOpset, Tolerance? tolerance = null, string[]? nodeInputs = null, bool halfViaFloat = false)
        {
            var outputs = outputTypes.Select((t, i) => ("y" + i, t)).ToArray();
            Graph(family, op, type, variant, tensors, outputs, b =>
                b.Node(op, nodeInputs ?? tensors.Select(t => t.Name).ToArray(), outputs.Select(o => o.Item1).ToArray(), name: "n0", attributes: attributes), opset, tolerance, halfViaFloat);
        }

        /// <summary>
        /// A model whose nodes <paramref name="nodes"/> adds, with graph outputs <paramref name="outputs"/>. With
        /// <paramref name="halfViaFloat"/>, a float16 case also gets its float twin as the reference (see <see cref="DiffCase.ReferenceModel"/>);
        /// the nodes must then carry no type-dependent attributes.
        /// </summary>
        public void Graph(string family, string op, ElementType type, string variant, IReadOnlyList<DiffTensor> tensors, (string Name, ElementType Type)[] outputs,
            Action<OnnxModelBuilder> nodes, int opset = DefaultOpset, Tolerance? tolerance = null, bool halfViaFloat = false)
        {
            halfViaFloat |= AccumulatingOps.Contains(op);
            if (type == ElementType.Float16 && SteppedHalfOps.Contains(op)) tolerance ??= Tolerance.HalfSteps;
            byte[] model = Build(tensors, outputs, nodes, opset);
            byte[]? reference = null;
            List<DiffTensor>? referenceInputs = null;
            if (halfViaFloat && type == ElementType.Float16)
            {
                var widened = tensors.Select(Widen).ToList();
                reference = Build(widened, outputs.Select(o => (o.Name, o.Type == ElementType.Float16 ? ElementType.Float : o.Type)).ToArray(), nodes, opset);
                referenceInputs = widened.Where(t => !t.Constant).ToList();
            }
            _cases.Add(new DiffCase(family, op, type, variant, model, tensors.Where(t => !t.Constant).ToList(), tolerance, reference, referenceInputs));
        }

        private byte[] Build(IReadOnlyList<DiffTensor> tensors, (string Name, ElementType Type)[] outputs, Action<OnnxModelBuilder> nodes, int opset)
        {
            var b = new OnnxModelBuilder("diff" + _cases.Count, opset, IrVersionFor(opset));
            foreach (var t in tensors.Where(t => !t.Constant)) b.Input(t.Name, t.Type, t.DeclaredShape);
            foreach (var t in tensors.Where(t => t.Constant)) b.Initializer(t.Name, t.Type, t.IntDims, t.Raw);
            nodes(b);
            foreach (var (name, t) in outputs) b.Output(name, t, null);
            return b.ToBytes();
        }

        /// <summary>A float16 tensor as float, value for value (every half is exactly a float).</summary>
        private static DiffTensor Widen(DiffTensor t)
        {
            if (t.Type != ElementType.Float16) return t;
            var values = new TensorData(t.Type, t.Dims, t.Raw).AsDouble();
            return new DiffTensor(t.Name, ElementType.Float, t.Dims, RandomTensors.Encode(ElementType.Float, values), t.Constant, t.Declared);
        }

        /// <summary>The oldest IR version each opset needs (ONNX's versioning table), so old-revision cases load in ORT.</summary>
        private static long IrVersionFor(int opset) => opset <= 18 ? 8 : opset <= 20 ? 9 : opset <= 22 ? 10 : 11;

        public static long[] D(params long[] dims) => dims;

        public static string Shape(long[] dims) => "[" + string.Join(",", dims) + "]";
    }
}
