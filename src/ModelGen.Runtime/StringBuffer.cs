using System;

namespace ModelGen.Runtime
{
    /// <summary>
    /// Storage for one string tensor of a model instance. Strings are managed references, so they cannot live in the
    /// byte arena: each string value gets one of these, sized once at construction when its size is static, and grown
    /// (never shrunk) before a call that needs more when its size is known only at run time.
    /// </summary>
    public sealed class StringBuffer
    {
        private string[] _items;

        /// <summary>Allocates room for <paramref name="capacity"/> elements, each "".</summary>
        /// <param name="capacity">Elements to hold up front.</param>
        public StringBuffer(int capacity)
        {
            if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
            _items = new string[capacity];
            _items.AsSpan().Fill(string.Empty);
        }

        /// <summary>Makes room for <paramref name="count"/> elements; the contents may be lost.</summary>
        /// <param name="count">Elements needed.</param>
        public void Reserve(int count)
        {
            if (count <= _items.Length) return;
            int doubled = (int)Math.Min((long)_items.Length * 2, int.MaxValue);
            var next = new string[Math.Max(count, doubled)];
            next.AsSpan().Fill(string.Empty);
            _items = next;
        }

        /// <summary>The first <paramref name="count"/> elements.</summary>
        /// <param name="count">Elements (at most what was reserved).</param>
        public Span<string> Get(int count) => _items.AsSpan(0, count);
    }
}
