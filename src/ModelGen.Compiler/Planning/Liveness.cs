using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Planning
{
    /// <summary>
    /// Positions of the lowered steps in execution order, the first write of every buffer and its last read.
    /// Scratch is live at its call only. A value read inside a loop body but defined before the loop stays live
    /// until the loop's last step, since every iteration reads it again.
    /// </summary>
    internal sealed class Liveness
    {
        /// <summary>A buffer's first write, or a call's scratch, at a position.</summary>
        internal sealed class Event
        {
            public Event(int position, Value? value, KernelCall? scratch, KernelCall? writer)
            {
                Position = position;
                Value = value;
                Scratch = scratch;
                Writer = writer;
            }

            public int Position { get; }
            public Value? Value { get; }
            public KernelCall? Scratch { get; }
            /// <summary>The call whose output first writes <see cref="Value"/> (null when a loop or scan step defines it).</summary>
            public KernelCall? Writer { get; }
        }

        private readonly Dictionary<Value, int> _defined = new Dictionary<Value, int>();
        private readonly Dictionary<Value, int> _lastUse = new Dictionary<Value, int>();
        private Dictionary<Value, int>? _rootLastUse;
        private int _position;

        public List<Event> Events { get; } = new List<Event>();

        public void Block(LoweredBlock block)
        {
            foreach (var n in block.Nodes)
                foreach (var s in n.Steps) Step(s);
        }

        private void Step(LoweredStep step)
        {
            switch (step)
            {
                case CallStep c:
                    _position++;
                    foreach (var b in c.Call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.In)) Use(b.Value);
                    if (c.Call.Scratch.Count > 0) Events.Add(new Event(_position, null, c.Call, null));
                    foreach (var b in c.Call.Operands.OfType<BufferOperand>().Where(b => b.Role == BufferRole.Out)) Define(b.Value, c.Call);
                    break;
                case IfStep f:
                    _position++;
                    Use(f.Condition);
                    Block(f.Then);
                    Block(f.Else);
                    break;
                case LoopStep l:
                    _position++;
                    int start = _position;
                    if (l.TripCount != null) Use(l.TripCount);
                    if (l.Condition != null) Use(l.Condition);
                    foreach (var v in l.CarriedInitial) Use(v);
                    Define(l.Iteration);
                    Define(l.BodyCondition);
                    foreach (var v in l.Carried) Define(v);
                    Block(l.Body);
                    _position++;
                    foreach (var v in l.CarriedResults) Use(v);
                    foreach (var v in l.ScanResults) Use(v);
                    Use(l.BodyConditionResult);
                    foreach (var v in l.Carried) Use(v);
                    Use(l.Iteration);
                    Use(l.BodyCondition);
                    foreach (var v in l.CarriedOutputs.Concat(l.ScanOutputs)) if (v != null) Define(v);
                    ExtendIntoLoop(start);
                    break;
                case ScanStep sc:
                    Scan(sc);
                    break;
            }
        }

        /// <summary>
        /// A Scan's outer values (inputs, outputs, state) are read or written on every step (and every batch entry), so
        /// all of them, and the body's state and slices, live from the loop's start to its end.
        /// </summary>
        private void Scan(ScanStep sc)
        {
            _position++;
            int start = _position;
            var outer = sc.StateInitial.Concat(sc.Inputs.Select(x => x.Outer)).Concat(new[] { sc.SequenceLengths }).Where(v => v != null).Select(v => v!).ToList();
            var written = sc.StateOutputs.Concat(sc.Outputs.Select(x => x.Outer)).Where(v => v != null).Select(v => v!).ToList();
            var inner = sc.State.Concat(sc.Inputs.Select(x => x.Body)).ToList();
            foreach (var v in outer) Use(v);
            foreach (var v in written) Define(v);
            foreach (var v in inner) Define(v);
            Block(sc.Body);
            _position++;
            foreach (var v in outer.Concat(written).Concat(inner).Concat(sc.StateResults).Concat(sc.Outputs.Select(x => x.Body))) Use(v);
            ExtendIntoLoop(start);
        }

        /// <summary>Values from before a loop that its body reads are read again by every iteration: they live until the loop ends.</summary>
        private void ExtendIntoLoop(int start)
        {
            foreach (var v in _lastUse.Keys.ToList())
                if (_defined.TryGetValue(v, out int d) ? d < start : true)
                    if (_lastUse[v] >= start) _lastUse[v] = _position;
        }

        private void Use(Value v) => _lastUse[v] = _position;

        private void Define(Value v, KernelCall? writer = null)
        {
            if (_defined.ContainsKey(v)) { _lastUse[v] = _position; return; }
            _defined[v] = _position;
            _lastUse[v] = _position;
            Events.Add(new Event(_position, v, null, writer));
        }

        /// <summary>The last position that reads <paramref name="v"/> or any view aliasing it.</summary>
        public int LastUse(Value v, MemoryPlan plan)
        {
            if (_rootLastUse == null)
            {
                _rootLastUse = new Dictionary<Value, int>();
                foreach (var kv in _lastUse)
                {
                    var root = plan.Resolve(kv.Key);
                    _rootLastUse[root] = _rootLastUse.TryGetValue(root, out int old) ? System.Math.Max(old, kv.Value) : kv.Value;
                }
            }
            return _rootLastUse.TryGetValue(v, out int p) ? p : _defined[v];
        }
    }
}
