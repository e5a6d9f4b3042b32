package org.contactlookup.web;

/** A lookup was asked for while no connection is set up. */
final class NotConfiguredException extends Exception {
    NotConfiguredException(String summary) {
        super(summary);
    }
}
