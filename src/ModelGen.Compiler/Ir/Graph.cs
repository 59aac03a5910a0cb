using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// The model as a graph of <see cref="Node"/>s over SSA <see cref="Value"/>s, nodes kept in a valid
    /// topological order. A graph may be the body of a node (If's branches, Loop's body): it then has a
    /// <see cref="Parent"/> scope whose values its nodes may read (captures). Passes change graphs only
    /// through the rewrite methods here, which keep consumer lists right; <see cref="Verify"/> checks the
    /// invariants between passes.
    /// </summary>
    public sealed class Graph
    {
        private readonly HashSet<string> _names;
        private readonly HashSet<string> _nodeNames;

        /// <summary>A top-level graph.</summary>
        public Graph()
        {
            _names = new HashSet<string>(System.StringComparer.Ordinal);
            _nodeNames = new HashSet<string>(System.StringComparer.Ordinal);
            Symbols = new SymbolTable();
        }

        /// <summary>The body of <paramref name="owner"/>, a node of <paramref name="parent"/>.</summary>
        public Graph(Graph parent, Node owner)
        {
            Parent = parent;
            Owner = owner;
            _names = parent._names;
            _nodeNames = parent._nodeNames;
            Symbols = parent.Symbols;
        }

        public string Name { get; set; } = "";
        public List<Node> Nodes { get; } = new List<Node>();

        /// <summary>
        /// The load-time stage (top-level graph only): nodes that compute derived weights from weights, run once per
        /// process when the model is constructed, before any of <see cref="Nodes"/>. Their outputs are <see cref="ValueKind.Derived"/>.
        /// </summary>
        public List<Node> LoadTimeNodes { get; } = new List<Node>();
        public List<Value> Inputs { get; } = new List<Value>();
        public List<Value> Outputs { get; } = new List<Value>();

        /// <summary>Values defined in this scope (not in enclosing or nested ones), by name.</summary>
        public Dictionary<string, Value> Values { get; } = new Dictionary<string, Value>(System.StringComparer.Ordinal);

        /// <summary>The tool that wrote the model file ("pytorch 2.1.0"; "" when the file does not say), for the generated class's documentation.</summary>
        public string Producer { get; set; } = "";

        /// <summary>Opset version per domain ("" = ai.onnx); a subgraph shares its root's.</summary>
        public Dictionary<string, int> Opsets { get; } = new Dictionary<string, int>(System.StringComparer.Ordinal);

        /// <summary>The enclosing scope of a body graph; null at the top.</summary>
        public Graph? Parent { get; }

        /// <summary>The node whose attribute holds this body graph.</summary>
        public Node? Owner { get; private set; }

        /// <summary>Re-points a body at its owner (the IR parser reads a body before the node that holds it exists).</summary>
        internal void ReplaceOwner(Node owner) => Owner = owner;

        /// <summary>The run-time symbols every scope of the model shares.</summary>
        public SymbolTable Symbols { get; }

        public Graph Root => Parent == null ? this : Parent.Root;

        /// <summary>The value named <paramref name="name"/> here or in an enclosing scope.</summary>
        public Value? Lookup(string name)
        {
            for (var g = this; g != null; g = g.Parent)
                if (g.Values.TryGetValue(name, out var v)) return v;
            return null;
        }

        /// <summary>Every node of this graph and of the bodies nested in it, depth first.</summary>
        public IEnumerable<Node> AllNodes()
        {
            foreach (var n in LoadTimeNodes) yield return n;
            foreach (var n in Nodes)
            {
                yield return n;
                foreach (var sub in n.Subgraphs)
                    foreach (var inner in sub.AllNodes()) yield return inner;
            }
        }

        // ---- building and rewriting --------------------------------------------------------------------

        /// <summary>Adds a value defined in this scope. Its name must be new to the whole model.</summary>
        public Value AddValue(string name, ValueKind kind)
        {
            if (!_names.Add(name)) throw new System.InvalidOperationException("Value '" + name + "' is already defined.");
            var v = new Value(name, kind) { Scope = this };
            Values[name] = v;
            return v;
        }

        /// <summary>Adds a value with a fresh name made from <paramref name="hint"/> ("x" → "x", then "x_1"...).</summary>
        public Value AddFreshValue(string hint, ValueKind kind) => AddValue(FreshName(hint), kind);

        /// <summary>A value name not yet used anywhere in the model.</summary>
        public string FreshName(string hint)
        {
            if (!_names.Contains(hint)) return hint;
            for (int i = 1; ; i++)
            {
                string name = hint + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_names.Contains(name)) return name;
            }
        }

        /// <summary>Registers a name taken by a value created outside <see cref="AddValue"/> (import).</summary>
        internal bool ReserveName(string name) => _names.Add(name);

        /// <summary>Registers a node name; false when a node of the model already has it.</summary>
        public bool ReserveNodeName(string name) => _nodeNames.Add(name);

        /// <summary>A node name not yet used in the model, made from <paramref name="hint"/>.</summary>
        public string FreshNodeName(string hint)
        {
            if (!_nodeNames.Contains(hint)) return hint;
            for (int i = 1; ; i++)
            {
                string name = hint + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_nodeNames.Contains(name)) return name;
            }
        }

        /// <summary>Creates a node in this scope, placed before <paramref name="before"/> (or at the end), wired to its inputs and outputs.</summary>
        public Node InsertNode(Node node, IEnumerable<Value?> inputs, IEnumerable<Value?> outputs, Node? before = null)
        {
            ReserveNodeName(node.Name);
            node.Scope = this;
            foreach (var i in inputs)
            {
                node.Inputs.Add(i);
                if (i != null && !i.Consumers.Contains(node)) i.Consumers.Add(node);
            }
            foreach (var o in outputs)
            {
                node.Outputs.Add(o);
                if (o != null) o.Producer = node;
            }
            int at = before == null ? Nodes.Count : Nodes.IndexOf(before);
            if (at < 0) throw new System.ArgumentException("The anchor node is not in this graph.", nameof(before));
            Nodes.Insert(at, node);
            return node;
        }

        /// <summary>Points input <paramref name="index"/> of <paramref name="node"/> at <paramref name="value"/>.</summary>
        public static void SetInput(Node node, int index, Value? value)
        {
            var old = node.Inputs[index];
            node.Inputs[index] = value;
            if (old != null && !node.Inputs.Contains(old)) old.Consumers.Remove(node);
            if (value != null && !value.Consumers.Contains(node)) value.Consumers.Add(node);
        }

        /// <summary>Makes every reader of <paramref name="from"/> read <paramref name="to"/> instead, graph outputs included.</summary>
        public void ReplaceAllUses(Value from, Value to)
        {
            foreach (var reader in from.Consumers.ToList())
                for (int i = 0; i < reader.Inputs.Count; i++)
                    if (reader.Inputs[i] == from) SetInput(reader, i, to);
            for (var g = this; g != null; g = g.Parent)
                for (int i = 0; i < g.Outputs.Count; i++)
                    if (g.Outputs[i] == from)
                    {
                        g.Outputs[i] = to;
                        to.IsGraphOutput = true;
                        from.IsGraphOutput = g.Outputs.Contains(from);
                    }
        }

        /// <summary>Removes a node; its outputs leave the scope unless something still reads them (then they must have been given another producer).</summary>
        public void Erase(Node node)
        {
            if (!Nodes.Remove(node)) LoadTimeNodes.Remove(node);
            _nodeNames.Remove(node.Name);
            foreach (var i in node.Inputs.Distinct())
                if (i != null) i.Consumers.Remove(node);
            foreach (var o in node.Outputs)
            {
                if (o == null || o.Producer != node) continue;
                o.Producer = null;
                if (o.Consumers.Count == 0 && !o.IsGraphOutput) RemoveValue(o);
            }
        }

        /// <summary>Drops an unused value from its scope.</summary>
        public void RemoveValue(Value v)
        {
            var scope = v.Scope ?? this;
            scope.Values.Remove(v.Name);
            _names.Remove(v.Name);
        }

        /// <summary>Rebuilds every value's consumer list from the node lists, nested bodies included.</summary>
        public void RebuildConsumers()
        {
            foreach (var g in Scopes()) foreach (var v in g.Values.Values) v.Consumers.Clear();
            foreach (var n in AllNodes())
                foreach (var i in n.Inputs)
                    if (i != null && !i.Consumers.Contains(n)) i.Consumers.Add(n);
        }

        /// <summary>This graph and every body nested in it.</summary>
        public IEnumerable<Graph> Scopes()
        {
            yield return this;
            foreach (var n in Nodes)
                foreach (var sub in n.Subgraphs)
                    foreach (var s in sub.Scopes()) yield return s;
        }

        /// <summary>
        /// Checks the invariants every stage relies on, in this scope and nested ones: each computed value has
        /// exactly one producer that comes before all its readers, every input is a value of this scope or an
        /// enclosing one, consumer lists match. Returns the first violation, or null.
        /// </summary>
        public string? Verify() => Verify(new HashSet<Value>());

        private string? Verify(HashSet<Value> outer)
        {
            var ready = new HashSet<Value>(outer);
            foreach (var v in Values.Values)
            {
                if (v.Scope != this) return "'" + v.Name + "' is listed in scope '" + Name + "' but records another scope";
                if (v.Kind != ValueKind.Computed && v.Kind != ValueKind.Derived) ready.Add(v);
            }
            foreach (var n in LoadTimeNodes.Concat(Nodes))
            {
                if (n.Scope != this) return n.Describe() + " does not record its graph";
                foreach (var i in n.Inputs)
                {
                    if (i == null) continue;
                    if (Lookup(i.Name) != i) return n.Describe() + " reads '" + i.Name + "', which is not in scope";
                    if (!ready.Contains(i)) return n.Describe() + " reads '" + i.Name + "' before it is computed";
                    if (!i.Consumers.Contains(n)) return "'" + i.Name + "' does not list its reader " + n.Describe();
                }
                foreach (var sub in n.Subgraphs)
                {
                    if (sub.Parent != this || sub.Owner != n) return "a body of " + n.Describe() + " does not record its owner";
                    var broken = sub.Verify(ready);
                    if (broken != null) return broken;
                }
                foreach (var o in n.Outputs)
                {
                    if (o == null) continue;
                    if (o.Producer != n) return "'" + o.Name + "' does not record " + n.Describe() + " as its producer";
                    if (!Values.ContainsKey(o.Name)) return "'" + o.Name + "' (output of " + n.Describe() + ") is not in its scope";
                    if (!ready.Add(o)) return "'" + o.Name + "' is written twice";
                    if ((o.Kind == ValueKind.Derived) != LoadTimeNodes.Contains(n)) return "'" + o.Name + "' is " + (o.Kind == ValueKind.Derived ? "" : "not ") + "derived but " + n.Describe() + " is " + (LoadTimeNodes.Contains(n) ? "" : "not ") + "in the load-time stage";
                }
            }
            foreach (var o in Outputs)
                if (!ready.Contains(o)) return "graph output '" + o.Name + "' is never computed";
            return null;
        }
    }
}
