using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Import
{
    /// <summary>
    /// Stage 2: protobuf ModelProto to the IR <see cref="Graph"/>, bodies of If/Loop included (each a nested
    /// graph whose nodes may read the enclosing scopes). Declared types and shapes are taken as given; symbolic
    /// dims become <see cref="Dim"/> symbols unless pinned by the options. Structural errors (undefined values,
    /// cycles) are problems, not exceptions.
    /// </summary>
    internal static class GraphImporter
    {
        /// <summary>Initializers up to this many elements are also decoded at build time, for folding.</summary>
        public const int SmallTensorElements = 4096;

        public static Graph? Import(ModelProto model, byte[] file, CompileOptions options, ProblemBag problems)
        {
            var g = new Graph { Name = model.Graph.Name ?? "", Producer = ((model.ProducerName ?? "") + " " + (model.ProducerVersion ?? "")).Trim() };
            foreach (var o in model.OpsetImport)
            {
                string domain = o.Domain == "ai.onnx" ? "" : o.Domain ?? "";
                g.Opsets[domain] = (int)Math.Min(o.Version, int.MaxValue);
            }
            // IR version 3 and up must list opsets; older files imply opset 1.
            if (!g.Opsets.ContainsKey("")) g.Opsets[""] = 1;
            if (model.Functions.Count > 0 && model.Graph.Node.Any(n => model.Functions.Any(f => f.Name == n.OpType && f.Domain == n.Domain)))
                problems.Add(DiagnosticIds.UnsupportedModelFeature, "The model uses model-local functions, which are not supported yet.");
            if (model.Graph.SparseInitializer.Count > 0)
                problems.Add(DiagnosticIds.UnsupportedModelFeature, "The model has sparse initializers, which are not supported yet.");

            var locations = InitializerLocator.LocateAll(file);
            var scope = new Scope(g, g.Opsets, options, problems);
            scope.ImportInitializers(model.Graph, locations.Initializers);
            ImportInputs(model.Graph, options, g, problems);
            ReportUnusedDimBindings(model.Graph, options, problems);
            scope.ImportNodes(model.Graph, locations);
            scope.ImportOutputs(model.Graph);
            if (problems.HasErrors) return null;
            foreach (var s in g.Scopes())
                if (!SortTopologically(s, problems)) return null;
            g.RebuildConsumers();
            return g;
        }

        private static void ImportInputs(GraphProto graph, CompileOptions options, Graph g, ProblemBag problems)
        {
            foreach (var vi in graph.Input)
            {
                // Old exporters list weights as graph inputs too: those are initializers.
                if (g.Values.ContainsKey(vi.Name)) continue;
                var v = new Value(vi.Name, ValueKind.Input);
                // An input of a type ModelGen cannot hold is reported, yet still defined, so its readers do not report it missing too.
                bool ok = TensorTypes.Read(vi, v, options, problems, TensorTypes.Role.GraphInput);
                if (!g.ReserveName(v.Name)) continue;
                v.Scope = g;
                g.Values[v.Name] = v;
                if (ok) g.Inputs.Add(v);
            }
        }

        /// <summary>A Dims entry naming no dim of any graph input is probably a typo: say so (MG0204, a warning).</summary>
        private static void ReportUnusedDimBindings(GraphProto graph, CompileOptions options, ProblemBag problems)
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var vi in graph.Input)
            {
                var shape = vi.Type?.TensorType?.Shape;
                if (shape == null) continue;
                for (int axis = 0; axis < shape.Dim.Count; axis++)
                    declared.Add(shape.Dim[axis].DimParam.Length > 0 ? shape.Dim[axis].DimParam : vi.Name + "_dim" + axis);
            }
            foreach (var name in options.DimBindings.Keys.Where(k => !declared.Contains(k)))
                problems.Add(DiagnosticIds.BadDimOverride, "Dims names '" + name + "', which no graph input has; it is ignored.");
        }

        /// <summary>Imports one scope: the top-level graph, or the body of a node.</summary>
        private sealed class Scope
        {
            private readonly Graph _g;
            private readonly Dictionary<string, int> _opsets;
            private readonly CompileOptions _options;
            private readonly ProblemBag _problems;

            public Scope(Graph g, Dictionary<string, int> opsets, CompileOptions options, ProblemBag problems)
            {
                _g = g;
                _opsets = opsets;
                _options = options;
                _problems = problems;
            }

            public void ImportInitializers(GraphProto graph, IReadOnlyList<InitializerLocation?> locations)
            {
                for (int i = 0; i < graph.Initializer.Count; i++)
                {
                    var t = graph.Initializer[i];
                    var type = (ElementType)t.DataType;
                    if (t.Dims.Any(d => d < 0))
                    {
                        _problems.Add(DiagnosticIds.InvalidGraph, "Initializer '" + t.Name + "' has a negative dim.");
                        continue;
                    }
                    if (t.DataLocation == TensorProto.Types.DataLocation.External)
                    {
                        ReportExternal(t);
                        continue;
                    }
                    if (ElementTypes.CSharpName(type) == null || type == ElementType.String)
                    {
                        _problems.Add(DiagnosticIds.UnsupportedElementType, "Initializer '" + t.Name + "' has element type " + ElementTypes.OnnxName(type) + ", which is not supported.");
                        continue;
                    }
                    // Checked from the dims alone, before the data: a declared 10^12 elements must cost nothing.
                    long? counted = TensorDecoder.ElementCount(t.Dims);
                    int elementSize = Math.Max(1, ElementTypes.SizeOf(type));
                    if (counted == null || counted.Value > int.MaxValue / elementSize)
                    {
                        _problems.Add(DiagnosticIds.TensorTooLarge, "Initializer '" + t.Name + "' declares dims [" + string.Join(",", t.Dims) + "], " +
                            (counted == null ? "more than 2^63" : counted.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) + " elements: more than a .NET span holds (2^31-1 bytes).");
                        continue;
                    }
                    var v = new Value(t.Name, ValueKind.Initializer) { Type = type, Shape = Shape.Of(t.Dims.ToArray()) };
                    long count = counted.Value;
                    var location = i < locations.Count ? locations[i] : null;
                    long expectedBytes = count * ElementTypes.SizeOf(type);
                    // Bool needs its bytes checked, and packed 4- and 2-bit elements unpacking: both are decoded here.
                    if (location != null && location.ByteLength == expectedBytes && type != ElementType.Bool && ElementTypes.PackedBits(type) >= 8)
                        v.Location = location;
                    if (v.Location == null || count <= SmallTensorElements)
                    {
                        if (v.Location == null && count > 1_000_000)
                        {
                            _problems.Add(DiagnosticIds.UnsupportedModelFeature, "Initializer '" + t.Name + "' (" + count + " elements) is stored element by element rather than as raw bytes; re-save the model so its weights use raw_data.");
                            continue;
                        }
                        var data = TensorDecoder.Decode(t, out string? error);
                        if (data == null)
                        {
                            _problems.Add(DiagnosticIds.InvalidGraph, "Initializer '" + t.Name + "' cannot be decoded: " + error + ".");
                            continue;
                        }
                        v.Data = data;
                    }
                    if (!_g.ReserveName(v.Name)) continue; // a duplicate initializer name: the first wins, as ONNX Runtime does
                    v.Scope = _g;
                    _g.Values[v.Name] = v;
                }
            }

            private void ReportExternal(TensorProto t)
            {
                var status = ExternalDataReference.Check(t, _options.ModelPath, out string reason);
                string what = "Initializer '" + t.Name + "' ";
                if (status == ExternalDataStatus.Refused)
                    _problems.Add(DiagnosticIds.RefusedExternalData, what + "has an external-data reference that is refused: it " + reason + ".");
                else if (status == ExternalDataStatus.Missing)
                    _problems.Add(DiagnosticIds.MissingExternalData, what + reason + ".");
                else
                    _problems.Add(DiagnosticIds.UnsupportedExternalData, what + reason + "; external data is not supported yet.");
            }

            public void ImportNodes(GraphProto graph, InitializerLocator.Locations? locations)
            {
                var nodes = new List<Node>();
                for (int i = 0; i < graph.Node.Count; i++)
                {
                    var np = graph.Node[i];
                    string domain = np.Domain == "ai.onnx" ? "" : np.Domain ?? "";
                    string name = string.IsNullOrEmpty(np.Name) ? np.OpType + "_" + i : np.Name;
                    if (!_g.ReserveNodeName(name))
                    {
                        name = _g.FreshNodeName(name + "_" + i);
                        _g.ReserveNodeName(name);
                    }
                    _opsets.TryGetValue(domain, out int version);
                    var node = new Node(name, np.OpType, domain, version) { Scope = _g };
                    foreach (var a in np.Attribute)
                    {
                        var attribute = AttributeDecoder.Decode(a);
                        if (attribute.Tensor != null && locations != null && locations.NodeTensors.TryGetValue((i, a.Name), out var at) &&
                            at.ByteLength == attribute.Tensor.Raw.Length && attribute.Tensor.Type != ElementType.Bool)
                            attribute.TensorLocation = at;
                        node.Attributes[a.Name] = attribute;
                    }
                    _g.Nodes.Add(node);
                    nodes.Add(node);
                    foreach (var o in np.Output)
                    {
                        if (string.IsNullOrEmpty(o)) { node.Outputs.Add(null); continue; }
                        if (!_g.ReserveName(o))
                        {
                            _problems.Add(DiagnosticIds.InvalidGraph, "Value '" + o + "' is defined more than once (again by " + node.Describe() + ").", node.Name, node.OpType);
                            node.Outputs.Add(null);
                            continue;
                        }
                        var v = new Value(o, ValueKind.Computed) { Producer = node, Scope = _g };
                        _g.Values[o] = v;
                        node.Outputs.Add(v);
                    }
                }
                // Bodies next: their nodes may read any value of this scope, whatever the file order.
                for (int i = 0; i < graph.Node.Count; i++)
                    foreach (var a in graph.Node[i].Attribute)
                    {
                        if (a.G != null) nodes[i].Attributes[a.Name].Graph = ImportBody(a.G, nodes[i]);
                        if (a.Graphs.Count > 0) nodes[i].Attributes[a.Name].Graphs = a.Graphs.Select(gp => ImportBody(gp, nodes[i])).ToArray();
                    }
                // Inputs are resolved after all outputs exist, so nodes listed out of order still import.
                for (int i = 0; i < graph.Node.Count; i++)
                {
                    var node = nodes[i];
                    foreach (var inName in graph.Node[i].Input)
                    {
                        if (string.IsNullOrEmpty(inName)) { node.Inputs.Add(null); continue; }
                        var v = _g.Lookup(inName);
                        if (v == null)
                        {
                            _problems.Add(DiagnosticIds.InvalidGraph, node.Describe() + " reads '" + inName + "', which no node, input or initializer defines.", node.Name, node.OpType);
                            continue;
                        }
                        node.Inputs.Add(v);
                    }
                }
            }

            /// <summary>A body graph: its inputs (the values the owner passes in each time it runs it), initializers, nodes and outputs.</summary>
            private Graph ImportBody(GraphProto gp, Node owner)
            {
                var body = new Graph(_g, owner) { Name = gp.Name ?? "" };
                var scope = new Scope(body, _opsets, _options, _problems);
                scope.ImportInitializers(gp, new InitializerLocation?[0]);
                foreach (var vi in gp.Input)
                {
                    var v = new Value(vi.Name, ValueKind.Input);
                    if (!TensorTypes.Read(vi, v, CompileOptions.Default, _problems, TensorTypes.Role.BodyInput)) continue;
                    if (!body.ReserveName(v.Name))
                    {
                        _problems.Add(DiagnosticIds.InvalidGraph, "The body of " + owner.Describe() + " redefines '" + vi.Name + "'.", owner.Name, owner.OpType);
                        continue;
                    }
                    v.Scope = body;
                    body.Values[v.Name] = v;
                    body.Inputs.Add(v);
                }
                scope.ImportNodes(gp, null);
                scope.ImportOutputs(gp);
                return body;
            }

            public void ImportOutputs(GraphProto graph)
            {
                foreach (var vi in graph.Output)
                {
                    var v = _g.Lookup(vi.Name);
                    if (v == null)
                    {
                        _problems.Add(DiagnosticIds.InvalidGraph, (_g.Owner == null ? "Graph" : "Body") + " output '" + vi.Name + "' is not computed by any node.");
                        continue;
                    }
                    var declared = new Value(vi.Name, ValueKind.Computed);
                    if (!TensorTypes.Read(vi, declared, CompileOptions.Default, _problems, _g.Owner == null ? TensorTypes.Role.GraphOutput : TensorTypes.Role.BodyOutput)) continue;
                    if (_g.Owner == null) v.IsGraphOutput = true;
                    _g.Outputs.Add(v);
                }
                if (graph.Output.Count == 0 && _g.Owner == null) _problems.Add(DiagnosticIds.InvalidGraph, "The graph has no outputs.");
            }
        }

        /// <summary>Kahn's algorithm, stable: nodes keep file order wherever the data flow allows. Values a node's bodies read count as its inputs.</summary>
        private static bool SortTopologically(Graph g, ProblemBag problems)
        {
            var pending = new Dictionary<Node, int>();
            var readers = new Dictionary<Value, List<Node>>();
            foreach (var n in g.Nodes)
            {
                int waits = 0;
                foreach (var i in Captures.Reads(n).Where(i => i.Producer != null && i.Scope == g).Distinct())
                {
                    waits++;
                    if (!readers.TryGetValue(i, out var list)) readers[i] = list = new List<Node>();
                    list.Add(n);
                }
                pending[n] = waits;
            }
            var order = new List<Node>();
            var ready = new SortedSet<int>(g.Nodes.Select((n, i) => (n, i)).Where(p => pending[p.n] == 0).Select(p => p.i));
            var index = g.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            while (ready.Count > 0)
            {
                int first = ready.Min;
                ready.Remove(first);
                var n = g.Nodes[first];
                order.Add(n);
                foreach (var o in n.Outputs)
                    if (o != null && readers.TryGetValue(o, out var list))
                        foreach (var r in list)
                            if (--pending[r] == 0) ready.Add(index[r]);
            }
            if (order.Count != g.Nodes.Count)
            {
                var stuck = g.Nodes.First(n => !order.Contains(n));
                problems.Add(DiagnosticIds.InvalidGraph, "The graph has a cycle through " + stuck.Describe() + ".", stuck.Name, stuck.OpType);
                return false;
            }
            g.Nodes.Clear();
            g.Nodes.AddRange(order);
            return true;
        }
    }
}
