"""Runs every benchmark section in turn (`make bench`)."""
from bench import baseline, conversation, crossval, fiche, load, nlu
from tests.bot_process import MODEL

if __name__ == "__main__":
    fiche.main()
    print()
    crossval.main(MODEL)
    print()
    nlu.main(MODEL)
    print()
    conversation.main()
    print()
    baseline.main()
    print()
    load.main()
