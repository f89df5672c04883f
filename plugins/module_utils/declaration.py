# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A resource described once: each option's type, API name, comparison, words and create/reset rules.

The model is foreman's ``foreman_spec``. One ``Resource`` per vendor resource holds its
``Option`` declarations; everything else is derived from it, so an option cannot mean one
thing in the single-resource module and another in the bulk module:

- the argument spec of the single-resource module and the ``config`` suboptions of the bulk module;
- the ``reconcile.Field`` list the comparison uses;
- the words <-> API codes conversion (``access_scope: site`` <-> ``1``), both ways;
- the checks a create needs (required options) and the values it adds (create defaults);
- what ``replaced`` resets an option to (per the vendor's schema: a value, or left alone);
- ``gathered`` output and diffs, in the options' own words.

Input is normalised here too: a key is stripped (``"bob "`` is bob, and an empty key is
refused), and a list or a dict given where text belongs is refused instead of sent as its
Python spelling.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import unicodedata

from ansible_collections.accessops.identity.plugins.module_utils import reconcile
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError


class Unset:
    """The marker of "no such value" (no create default, no reset), distinct from None."""

    def __repr__(self):
        return 'UNSET'


UNSET = Unset()


class Option:
    """One managed option of a resource.

    ``name`` is the option as playbooks write it, ``api_name`` the field the API reads and
    returns (dotted for nested objects). ``compare`` is a reconcile kind (scalar, set,
    case-insensitive, subset, secret, write-only). ``words`` maps each word the option takes
    to the API's code for it. ``required_on_create`` options must be given to create the
    resource; ``create_default`` is sent on create when the option is left out; ``reset`` is
    what a resetting state (``replaced``) sets when the option is left out (UNSET: left as it
    is, because the API requires it or has no empty value). ``key`` marks the natural key;
    ``strip`` strips surrounding whitespace and refuses what is empty after it.
    """

    def __init__(self, name, type='str', api_name=None, compare=reconcile.SCALAR, elements=None, words=None,
                 choices=None, required_on_create=False, create_default=UNSET, reset=UNSET, key=False, strip=None,
                 no_log=False, aliases=None, bounds=None, text_values=False):
        self.name = name
        self.type = type
        self.api_name = api_name or name
        self.compare = compare
        self.elements = elements
        self.words = words
        self.choices = list(words) if words else choices
        self.required_on_create = required_on_create
        self.create_default = create_default
        self.reset = reset
        self.key = key
        self.strip = key if strip is None else strip
        self.no_log = no_log
        self.aliases = aliases
        self.bounds = bounds   # (lowest, highest) a number may be
        self.text_values = text_values   # a dict whose values the API stores as text

    def argument_spec(self, required=False):
        spec = dict(type=self.type)
        if self.elements:
            spec['elements'] = self.elements
        if self.choices:
            spec['choices'] = list(self.choices)
        if self.no_log:
            spec['no_log'] = True
        if self.aliases:
            spec['aliases'] = list(self.aliases)
        if required:
            spec['required'] = True
        return spec

    @property
    def field(self):
        return reconcile.Field(self.name, self.api_name, self.compare)

    def to_api(self, value):
        """The API's value for what the option says (a word becomes its code)."""
        if self.words and value is not None:
            return self.words[value]
        return value

    def to_word(self, api_value):
        """The option's word for what the API says; a value with no word is shown as it is."""
        if not self.words:
            return api_value
        for word, code in self.words.items():
            if code == api_value and type(code) is type(api_value):   # 1 is a code, True is not
                return word
        return api_value


class Resource:
    """One vendor resource: its label (for messages), its natural key and its managed options."""

    def __init__(self, label, key, options, renamable=True):
        self.label = label
        self.key = key
        self.renamable = renamable   # whether a resource addressed by id may be given a new key
        self.options = list(options)
        self.by_name = dict((option.name, option) for option in self.options)
        self.by_api_name = dict((option.api_name, option) for option in self.options)
        if key not in self.by_name:
            raise ValueError('the key %s of %s is not one of its options' % (key, label))

    @property
    def key_option(self):
        return self.by_name[self.key]

    @property
    def managed(self):
        """The options other than the key: what a present state compares and writes."""
        return [option for option in self.options if option.name != self.key]

    # Argument specs ----------------------------------------------------------
    def argument_spec(self, key_required=False):
        """The options of the single-resource module (the key optional unless ``key_required``)."""
        return dict((option.name, option.argument_spec(key_required and option.name == self.key))
                    for option in self.options)

    def entry_options(self):
        """The bulk module's ``config`` suboptions: the key is required in every entry."""
        return dict((option.name, option.argument_spec(option.name == self.key)) for option in self.options)

    # Comparison --------------------------------------------------------------
    def fields(self, with_key=False):
        """The ``reconcile.Field`` of each managed option (and of the key, which a rename manages)."""
        return [option.field for option in self.options if with_key or option.name != self.key]

    @property
    def required_on_create(self):
        return tuple(option.name for option in self.options if option.required_on_create)

    @property
    def cleared(self):
        """{option: value} a resetting state sets for options an entry leaves out."""
        return dict((option.name, option.reset) for option in self.options if option.reset is not UNSET)

    def create_defaults(self):
        """{api_name: value} a create sends for options left out."""
        return dict((option.api_name, option.create_default) for option in self.options
                    if option.create_default is not UNSET)

    def missing_for_create(self, values):
        """The options a create needs that ``values`` leaves out."""
        return [name for name in self.required_on_create if values.get(name) is None]

    # Words and codes ---------------------------------------------------------
    def coded(self, values):
        """A copy of ``values`` (by option name) with each word turned into the API's code."""
        result = dict(values)
        for name, value in values.items():
            option = self.by_name.get(name)
            if option is not None:
                result[name] = option.to_api(value)
        return result

    def wanted(self, values, with_key=False):
        """{api_name: API value} of each option ``values`` sets (None means "not managed")."""
        coded = self.coded(values)
        return dict((option.api_name, coded[option.name]) for option in self.options
                    if (with_key or option.name != self.key) and coded.get(option.name) is not None)

    def in_words(self, view):
        """A flat {api_name: value} view (a diff side) as {option: word}; other keys stay as they are."""
        result = {}
        for api_name, value in view.items():
            option = self.by_api_name.get(api_name)
            if option is None:
                result[api_name] = value
            elif option.words and isinstance(value, list):
                result[option.name] = [option.to_word(item) for item in value]
            else:
                result[option.name] = option.to_word(value)
        return result

    def diff_in_words(self, diff):
        return dict((side, self.in_words(view)) for side, view in diff.items())

    def to_config(self, resource):
        """A resource as the options say it: what ``gathered`` returns and ``config`` accepts back."""
        return dict((option.name, option.to_word(reconcile.get_path(resource, option.api_name)))
                    for option in self.options if option.compare != reconcile.WRITE_ONLY)

    # Input -------------------------------------------------------------------
    def normalised(self, values, where=''):
        """``values`` with stripped options stripped; one empty after stripping is refused, naming it."""
        result = dict(values)
        for option in self.options:
            value = result.get(option.name)
            if option.strip and isinstance(value, str):
                result[option.name] = value.strip()
                if not result[option.name]:
                    raise InputError('%s%s must not be empty or only spaces, got %r' % (where, option.name, value))
                refuse_invisible(result[option.name], where + option.name)
            if option.text_values and isinstance(value, dict):
                result[option.name] = text_valued(value, where + option.name)
            if option.compare == reconcile.INSTANT and value is not None and reconcile.moment(value) is None:
                raise InputError('%s%s must be an ISO 8601 date and time such as 2027-01-31T18:00:00Z, got %r'
                                 % (where, option.name, value))
            if option.bounds and value is not None and not option.bounds[0] <= value <= option.bounds[1]:
                low, high = option.bounds
                raise InputError('%s%s must be between %s and %s, got %s' % (where, option.name, low, high, value))
        return result


def text_valued(values, name):
    """A dict's values as the text the API stores (numbers spelled out); a list, dict or boolean is refused."""
    result = {}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            refuse_non_text(value, '%s.%s' % (name, key), {})
            value = str(value)
        result[key] = value
    return result


def refuse_invisible(value, name):
    """Refuse a key holding an invisible format character (zero-width space, BOM...): it would name a
    look-alike of the user, so a create makes a second account that no one can tell from the first."""
    for position, character in enumerate(value):
        if unicodedata.category(character) == 'Cf':
            raise InputError('%s holds the invisible character U+%04X at position %d; remove it (got %r)'
                             % (name, ord(character), position, value))


def refuse_lists_given_for_text(argument_spec, raw, where=''):
    """Fail, naming the option, where a list or dict (or a boolean) was given to a ``str`` option.

    Ansible turns ``login_name: ['bob@example.com']`` into the text ``"['bob@example.com']"``,
    which a create would then send as a user's name. Numbers are still accepted as text.
    ``raw`` holds the arguments as the task gave them, before Ansible's conversion.
    """
    for name, spec in argument_spec.items():
        if not isinstance(raw, dict):
            return
        names = [name] + list(spec.get('aliases') or [])
        given = [alias for alias in names if alias in raw]
        if not given:
            continue
        value = raw[given[0]]
        kind = spec.get('type', 'str')
        if kind == 'str':
            refuse_non_text(value, where + name, spec)
        if kind == 'list' and spec.get('elements') == 'str' and isinstance(value, list):
            for position, item in enumerate(value):
                refuse_non_text(item, '%s%s[%d]' % (where, name, position), spec)
        if spec.get('options') and value is not None:
            entries = value if isinstance(value, list) else [value]
            for position, entry in enumerate(entries):
                inner = '%s%s[%d].' % (where, name, position) if isinstance(value, list) else '%s%s.' % (where, name)
                refuse_lists_given_for_text(spec['options'], entry, inner)


def refuse_non_text(value, path, spec):
    if isinstance(value, (list, dict, bool)):
        shown = '' if spec.get('no_log') else ' %r' % (value,)   # a secret's value is never repeated
        raise InputError('%s must be text, got a %s%s' % (path, type(value).__name__, shown))
