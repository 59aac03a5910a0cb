using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Maps each IR value to the C# expression that yields its span inside a Run method:
    /// a Predict parameter (graph inputs and outputs), a zero-copy view of the embedded weights,
    /// a static array (small build-time constants), or an arena slot.
    /// </summary>
    internal sealed class ValueExpressions
    {
        private readonly MemoryPlan _plan;
        private readonly SymbolNames _symbols;
        private readonly Dictionary<Value, string> _parameters;
        private readonly Dictionary<Value, string> _constants;
        private readonly Dictionary<int, string> _slotOffsets;

        public ValueExpressions(MemoryPlan plan, SymbolNames symbols, Dictionary<Value, string> parameters, Dictionary<Value, string> constants, Dictionary<int, string> slotOffsets)
        {
            _plan = plan;
            _symbols = symbols;
            _parameters = parameters;
            _constants = constants;
            _slotOffsets = slotOffsets;
        }

        public string Of(Value value)
        {
            var v = _plan.Resolve(value);
            if (_parameters.TryGetValue(v, out var p)) return p;
            if (_constants.TryGetValue(v, out var c)) return c;
            string t = ElementTypes.CSharpName(v.Type)!;
            if (v.Kind == ValueKind.Initializer && v.Location != null)
                return "_weights.Get<" + t + ">(" + Literals.Int(v.Location.ByteOffset) + ", " + Literals.Int(v.Shape!.ElementCount.Value) + ")";
            if (_plan.SlotOf.TryGetValue(v, out int slot))
                return "_arena.Get<" + t + ">(" + _slotOffsets[slot] + ", " + _symbols.Expression(v.Shape!.ElementCount) + ")";
            throw new System.InvalidOperationException("No storage was planned for '" + v.Name + "'.");
        }

        public string Scratch(Node node) =>
            "_arena.Get<" + ElementTypes.CSharpName(node.ScratchType) + ">(" + _slotOffsets[_plan.ScratchSlotOf[node]] + ", " + _symbols.Expression(node.ScratchElements!) + ")";
    }
}
