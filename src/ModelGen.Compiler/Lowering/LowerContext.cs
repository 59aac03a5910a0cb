using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Lowering
{
    /// <summary>What an op's lowering sees: the node (inferred, with its plan), and builders for the kernel calls it runs.</summary>
    internal sealed class LowerContext
    {
        private readonly List<LoweredStep> _steps = new List<LoweredStep>();
        private readonly Func<Graph, LoweredBlock> _lowerBody;

        public LowerContext(Node node, Func<Graph, LoweredBlock> lowerBody)
        {
            Node = node;
            _lowerBody = lowerBody;
        }

        public Node Node { get; }
        public IReadOnlyList<LoweredStep> Steps => _steps;

        public Value In(int i) => Node.Inputs[i]!;
        public bool HasInput(int i) => Node.Input(i) != null;
        public Value Out(int i) => Node.Outputs[i]!;
        public bool HasOutput(int i) => Node.Output(i) != null;
        public Shape InShape(int i) => In(i).Shape!;
        public Shape OutShape(int i) => Out(i).Shape!;
        public ElementType InType(int i) => In(i).Type;
        public ElementType OutType(int i) => Out(i).Type;

        /// <summary>
        /// A buffer only this node's calls use (a widened copy, a partial result). The planner gives it an arena slot
        /// like any computed tensor, live from the call that writes it to the last call that reads it.
        /// </summary>
        public Value Temporary(string purpose, ElementType type, Shape shape) =>
            new Value(Node.Name + "#" + purpose, ValueKind.Computed) { Type = type, Shape = shape, Producer = Node, Scope = Node.Scope };

        /// <summary>Starts a call of <paramref name="kernel"/> instantiated at <paramref name="typeArgs"/>.</summary>
        public CallBuilder Call(string kernel, params ElementType[] typeArgs) => new CallBuilder(this, kernel, typeArgs);

        public void Add(LoweredStep step) => _steps.Add(step);

        /// <summary>Lowers a body graph (a branch, a loop body) into its own block.</summary>
        public LoweredBlock LowerBody(Graph body) => _lowerBody(body);

        /// <summary>Copies <paramref name="from"/> into <paramref name="to"/> (same type and element count).</summary>
        public void Copy(Value from, Value to) => Copy(from, to, "copy");

        /// <summary>
        /// A copy named for what it is (<paramref name="kernel"/>: "reshape", "squeeze"...): the same elements under
        /// another shape. When the planner lets the output alias the input, the backend emits nothing for it.
        /// </summary>
        public void Copy(Value from, Value to, string kernel) =>
            Call(kernel, from.Type).In("source", from).Out("destination", to).Emit();

        /// <summary>Kernels that only copy their source (and vanish when the destination aliases it).</summary>
        public static bool IsCopy(string kernel) =>
            kernel == "copy" || kernel == "reshape" || kernel == "squeeze" || kernel == "unsqueeze" || kernel == "identity";

        /// <summary>Builds one <see cref="KernelCall"/>; operands are added in the kernel's parameter order.</summary>
        internal sealed class CallBuilder
        {
            private readonly LowerContext _context;
            private readonly string _kernel;
            private readonly ElementType[] _typeArgs;
            private readonly List<Operand> _operands = new List<Operand>();
            private readonly List<ScratchNeed> _scratch = new List<ScratchNeed>();
            private ElementType? _compute;

            public CallBuilder(LowerContext context, string kernel, ElementType[] typeArgs)
            {
                _context = context;
                _kernel = kernel;
                _typeArgs = typeArgs;
            }

            public CallBuilder In(string name, Value value) => Add(new BufferOperand(name, value, BufferRole.In));
            public CallBuilder Out(string name, Value value) => Add(new BufferOperand(name, value, BufferRole.Out));
            /// <summary>The buffer when present, else an <see cref="AbsentOperand"/>.</summary>
            public CallBuilder InOrNone(string name, Value? value) => value != null ? In(name, value) : Add(new AbsentOperand(name));
            /// <summary>The output buffer when the node has it, else an <see cref="AbsentOperand"/> (an empty span).</summary>
            public CallBuilder OutOrNone(string name, Value? value) => value != null ? Out(name, value) : Add(new AbsentOperand(name));
            public CallBuilder Dim(string name, Dim value) => Add(new DimOperand(name, value));
            public CallBuilder Dims(string name, IEnumerable<Dim> values) => Add(new DimsOperand(name, values.ToValueList()));
            public CallBuilder Ints(string name, IEnumerable<long> values) => Dims(name, values.Select(Ir.Dim.Of));
            /// <summary>A float of <paramref name="type"/> (or a small integer).</summary>
            public CallBuilder Scalar(string name, ElementType type, double value) => Add(new ScalarOperand(name, type, value, (long)value));
            /// <summary>An integer of <paramref name="type"/>, exact.</summary>
            public CallBuilder Integer(string name, ElementType type, long value) => Add(new ScalarOperand(name, type, value, value));
            public CallBuilder Bool(string name, bool value) => Add(new ScalarOperand(name, ElementType.Bool, value ? 1 : 0, value ? 1 : 0));
            public CallBuilder Expr(string name, BoundExpr expr) => Add(new ExprOperand(name, expr));
            public CallBuilder Values(string name, ElementType type, IEnumerable<double> floats, IEnumerable<long> ints) => Add(new ValuesOperand(name, type, floats.ToValueList(), ints.ToValueList()));
            public CallBuilder Text(string name, string value) => Add(new TextOperand(name, value));
            public CallBuilder Texts(string name, IEnumerable<string> values) => Add(new TextsOperand(name, values.ToValueList()));
            public CallBuilder Symbols(string name, IEnumerable<string> symbols) => Add(new SymbolsOperand(name, symbols.ToValueList()));
            /// <summary>The model's thread budget, as the kernel's last parameter "threads".</summary>
            public CallBuilder Threads() => Add(new ThreadsOperand("threads"));

            /// <summary>A scratch buffer of <paramref name="elements"/> elements, passed as the next operand.</summary>
            public CallBuilder Scratch(string name, ElementType type, Dim elements)
            {
                _scratch.Add(new ScratchNeed(type, elements));
                return Add(new ScratchOperand(name, _scratch.Count - 1));
            }

            /// <summary>Arithmetic happens in <paramref name="type"/> (default: the first type argument).</summary>
            public CallBuilder Compute(ElementType type)
            {
                _compute = type;
                return this;
            }

            public void Emit()
            {
                var compute = _compute ?? (_typeArgs.Length > 0 ? _typeArgs[0] : ElementType.Undefined);
                _context._steps.Add(new CallStep(new KernelCall(_kernel, _typeArgs.ToValueList(), compute, _operands.ToValueList(), _scratch.ToValueList())));
            }

            private CallBuilder Add(Operand o)
            {
                _operands.Add(o);
                return this;
            }
        }
    }
}
