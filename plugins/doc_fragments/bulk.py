# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options every <vendor>_users bulk module shares: state words, the overridden guard, concurrency."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  state:
    description:
      - What to make of the users in O(config), with the words of the network resource modules.
      - V(merged) creates the listed users that are missing and updates the options each entry sets; options an
        entry leaves out, and users it does not list, are not touched.
      - V(replaced) makes each listed user exactly as its entry says; options the entry leaves out are reset (the
        module's notes say to what). Users not listed are not touched.
      - V(overridden) is V(replaced) for the listed users, and deletes every user that O(config) does not list.
        It needs O(delete_unlisted=true). The account the API credentials belong to is never deleted.
      - V(deleted) deletes the listed users; an entry needs only its key.
      - V(gathered) reads every user and returns them in RV(gathered) in the form O(config) takes; it changes nothing.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered]
    default: merged
  delete_unlisted:
    description:
      - Confirms that O(state=overridden) may delete every user O(config) does not list.
      - Without it, O(state=overridden) fails before sending any request.
    type: bool
    default: false
  concurrency:
    description:
      - How many writes are in flight at once, 1 to 16. V(1) sends them one after another.
      - A rate-limit answer (429) from the service pauses every writer for the time the service names.
      - After the first failed write no further write starts; the task fails and says which users were changed.
    type: int
    default: 4
notes:
  - The directory is read once, at the largest page size the API accepts, and reading stops as soon as every
    listed user was found (except for O(state=overridden) and O(state=gathered), which need every user).
  - Every user is compared with the same code as the single-user module, so a user is judged the same way
    whichever module manages it. A run that changes nothing sends no write.
  - Ambiguity is not guessed at - two users with the key of one entry fail the task before any write.
'''
