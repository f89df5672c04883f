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
        It needs O(delete_unlisted=true). The account the API credentials belong to is never deleted, and an
        unlisted privileged account only with O(delete_privileged=true).
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
  max_deletions:
    description:
      - The most users one run may delete (with O(state=overridden) or O(state=deleted)). A run that would delete
        more fails before any write, in check mode too, and names every user it would have deleted.
      - V(0) forbids deleting anyone. Raise it for a task that is meant to delete more.
    type: int
    default: 10
  max_deletion_percent:
    description:
      - The largest share of the directory, in percent of the users the run reads, that one run may delete. Like
        O(max_deletions), exceeding it fails before any write, naming the users.
      - A run that deletes a single user is never held to it; O(max_deletions) governs that.
      - With O(state=deleted) and more than one entry, the whole directory is read so that the share is of every
        user, not of the users read before the listed ones were found.
    type: int
    default: 25
  protected:
    description:
      - Keys (as O(config[]) names users; OneLogin users also by e-mail) of accounts this run leaves exactly as they
        are. It never deletes, updates or creates them, whatever the state; they are reported with result V(kept)
        and the reason.
      - Compared as keys are, without surrounding spaces and ignoring case.
    type: list
    elements: str
    default: []
  delete_privileged:
    description:
      - Whether O(state=overridden) may delete an unlisted privileged account (the module's notes say which
        accounts are privileged). Without it they are reported V(kept). O(state=deleted) deletes a privileged
        account that its entry names, because naming it is explicit.
    type: bool
    default: false
  create_missing:
    description:
      - Whether a listed user that does not exist is created. With V(false), such an entry creates nothing and is
        reported V(kept) with the reason; an offboarding task that disables accounts so never brings back an account
        that is already gone.
    type: bool
    default: true
  report_unlisted:
    description:
      - Return RV(unlisted), the keys of the users the directory holds that O(config) does not list and O(protected)
        does not name (orphans, for an access review), whatever the state. It reads the whole directory.
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
  - The safety rails (O(max_deletions), O(max_deletion_percent), O(protected), the caller's own account,
    privileged accounts) are decided before the first write and in the same way in check mode, so C(--check)
    fails where the real run would.
'''
