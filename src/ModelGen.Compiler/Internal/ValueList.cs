using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler
{
    /// <summary>
    /// An immutable list that compares by its elements and prints them ("[1, 1]"): what records hold
    /// instead of arrays, so plan and kernel-call records stay equatable and printable.
    /// </summary>
    public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
    {
        public static readonly ValueList<T> Empty = new ValueList<T>(new T[0]);

        private readonly T[] _items;

        public ValueList(IEnumerable<T> items) { _items = items.ToArray(); }

        public T this[int index] => _items[index];
        public int Count => _items.Length;

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

        public bool Equals(ValueList<T>? other) => other != null && _items.SequenceEqual(other._items);
        public override bool Equals(object? obj) => Equals(obj as ValueList<T>);
        public override int GetHashCode() => _items.Aggregate(_items.Length, (h, x) => h * 31 + (x?.GetHashCode() ?? 0));

        public override string ToString() => "[" + string.Join(", ", _items.Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>Builds <see cref="ValueList{T}"/>s.</summary>
    public static class ValueList
    {
        public static ValueList<T> Of<T>(params T[] items) => new ValueList<T>(items);
        public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new ValueList<T>(items);
    }
}
