package io.gfsbackup.operations.notify;

/** Another notification rule already has this name. */
public class DuplicateRuleNameException extends RuntimeException {

    public DuplicateRuleNameException(String name) {
        super("another notification rule is named \"" + name + "\"; rule names are unique");
    }
}
